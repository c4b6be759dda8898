using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace AkkaRunGroup.Benchmarks;

/// <summary>The BenchmarkDotNet configuration of every benchmark here: memory diagnoser and the two ratio columns.</summary>
public sealed class RunGroupBenchmarkConfig : ManualConfig
{
    public RunGroupBenchmarkConfig()
    {
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        AddColumn(new RatioColumn(nameof(FullCycle.PlainTasks), "vs plain Tasks"));
        AddColumn(new RatioColumn(nameof(FullCycle.AkkaFloor), "vs Akka floor"));
        // Long operations (up to seconds at 100,000 members): a few iterations are enough for stable medians.
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithUnrollFactor(1));
    }
}

/// <summary>
/// Full cycle: member 0 fails at once, the others wait for their interrupt. The library and both baselines, for the
/// member counts of the derived class.
/// </summary>
public abstract class FullCycle
{
    private ActorSystem _system = null!;

    /// <summary>The members of one cycle; the derived class lists the counts it measures.</summary>
    public abstract int Members { get; set; }

    /// <summary>Whether the members are synchronous (each execute and interrupt on its own thread) or async.</summary>
    protected abstract bool Sync { get; }

    [GlobalSetup]
    public void Setup() => _system = Workloads.CreateSystem();

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public Task RunGroup() => Workloads.RunGroupCycle(_system, Members, Sync);

    [Benchmark]
    public Task PlainTasks() => Workloads.PlainTaskCycle(Members, Sync);

    [Benchmark]
    public Task AkkaFloor() => Workloads.AkkaFloorCycle(_system, Members);
}

/// <summary>Full cycle with async members.</summary>
[Config(typeof(RunGroupBenchmarkConfig))]
[MemoryDiagnoser]
public class FullCycleAsync : FullCycle
{
    [Params(1, 100, 10_000, 100_000)]
    public override int Members { get; set; }

    protected override bool Sync => false;
}

/// <summary>Full cycle with synchronous members, each execute and interrupt on its own thread (plain Tasks too).</summary>
[Config(typeof(RunGroupBenchmarkConfig))]
[MemoryDiagnoser]
public class FullCycleSync : FullCycle
{
    [Params(1, 100, 10_000)]
    public override int Members { get; set; }

    protected override bool Sync => true;
}

/// <summary>10,000 groups of two async members run one after the other; per-operation figures are per group.</summary>
[Config(typeof(RunGroupBenchmarkConfig))]
[MemoryDiagnoser]
public class GroupsOfTwoInARow
{
    private const int Groups = 10_000;
    private ActorSystem _system = null!;

    [GlobalSetup]
    public void Setup() => _system = Workloads.CreateSystem();

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Groups)]
    public Task RunGroup() => Workloads.RunGroupPairs(_system, Groups);

    [Benchmark(OperationsPerInvoke = Groups)]
    public Task PlainTasks() => Workloads.PlainTaskPairs(Groups);

    [Benchmark(OperationsPerInvoke = Groups)]
    public Task AkkaFloor() => Workloads.AkkaFloorPairs(_system, Groups);
}
