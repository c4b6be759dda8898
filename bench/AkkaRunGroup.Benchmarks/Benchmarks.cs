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
        AddColumn(new RatioColumn(nameof(FullCycleAsync.PlainTasks), "vs plain Tasks"));
        AddColumn(new RatioColumn(nameof(FullCycleAsync.AkkaFloor), "vs Akka floor"));
        // Long operations (up to seconds at 100,000 members): a few iterations are enough for stable medians.
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithUnrollFactor(1));
    }
}

/// <summary>Full cycle with async members: member 0 fails at once, the others wait for their interrupt.</summary>
[Config(typeof(RunGroupBenchmarkConfig))]
[MemoryDiagnoser]
public class FullCycleAsync
{
    private ActorSystem _system = null!;

    [Params(1, 100, 10_000, 100_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup() => _system = Workloads.CreateSystem();

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public Task RunGroup() => Workloads.RunGroupCycle(_system, Members, sync: false);

    [Benchmark]
    public Task PlainTasks() => Workloads.PlainTaskCycle(Members, sync: false);

    [Benchmark]
    public Task AkkaFloor() => Workloads.AkkaFloorCycle(_system, Members);
}

/// <summary>Full cycle with synchronous members, each execute and interrupt on its own thread (plain Tasks too).</summary>
[Config(typeof(RunGroupBenchmarkConfig))]
[MemoryDiagnoser]
public class FullCycleSync
{
    private ActorSystem _system = null!;

    [Params(1, 100, 10_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup() => _system = Workloads.CreateSystem();

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public Task RunGroup() => Workloads.RunGroupCycle(_system, Members, sync: true);

    [Benchmark]
    public Task PlainTasks() => Workloads.PlainTaskCycle(Members, sync: true);

    [Benchmark]
    public Task AkkaFloor() => Workloads.AkkaFloorCycle(_system, Members);
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
