namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// The seven defects of issue 13, each where a skeptical user found a promise of the README, semantics.md or
/// guarantees.md broken: a run that never completes, colliding names, a refusal that uses up the group, a valid
/// timeout that throws, an unwrapped returned error, an abandoned member that says it was not interrupted, and an
/// error whose members throw. Their test classes run one after another, as the races of terminating systems and the
/// systems of their own that they start load the machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DefectCollection
{
    public const string Name = "Defects of issue 13";
}
