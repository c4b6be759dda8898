namespace AkkaRunGroup.Cluster.Tests;

/// <summary>
/// The cluster tests run one at a time: several clusters forming at once on a loaded machine would make the failure
/// detectors see live nodes as unreachable.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
