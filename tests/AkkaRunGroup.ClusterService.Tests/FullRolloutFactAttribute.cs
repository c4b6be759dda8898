namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// A test that runs only when <c>AKKARUNGROUP_ROLLING=full</c>: the full rollout takes minutes, too long for every
/// <c>dotnet test</c>. Otherwise it is reported as skipped, with the command that runs it.
/// </summary>
public sealed class FullRolloutFactAttribute : FactAttribute
{
    /// <summary>The environment variable that asks for the full form, and its value.</summary>
    public const string Variable = "AKKARUNGROUP_ROLLING";

    public FullRolloutFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "full")
        {
            Skip = $"the full rollout runs only with {Variable}=full; see the command at the top of RollingUpdateTests.cs";
        }
    }
}
