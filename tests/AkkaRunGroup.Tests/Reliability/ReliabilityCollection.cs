namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// The tests that load the whole process or measure it (threads, memory): they run alone, after the other tests, so
/// that neither disturbs the other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}
