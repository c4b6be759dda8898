using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Configuration;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Runs one random group in its lane and checks every invariant on its result and on what its members recorded.</summary>
public sealed class ChaosRunner(ActorSystem shared, ActorSystem withTimeout, TimeSpan interruptTimeout)
{
    private readonly Dictionary<ActorSystem, IActorRef> _collectors = new()
    {
        [shared] = StartCollector(shared),
        [withTimeout] = StartCollector(withTimeout),
    };

    /// <summary>What a loaded two-core machine may add to the time the members need, before a run counts as hung.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    public const string QuietConfig = "akka.loglevel = OFF\nakka.stdout-loglevel = OFF\nakka.log-dead-letters = off";

    private static long _groups;

    /// <summary>
    /// The interrupt timeout, and a configured dispatcher that hands its thread over after every message, for more
    /// interleavings than the default dispatcher's.
    /// </summary>
    public static string TimeoutConfig(TimeSpan interruptTimeout) => $$"""
        akka.run-group.interrupt-timeout = {{interruptTimeout.TotalMilliseconds}}ms
        akka.run-group.use-dispatcher = chaos-dispatcher
        chaos-dispatcher { type = Dispatcher, throughput = 1 }
        {{QuietConfig}}
        """;

    /// <summary>What the runs covered, by kind of event: printed after the suite.</summary>
    public ConcurrentDictionary<string, int> Coverage { get; } = new();

    /// <summary>One weak reference per run to an object only that run's members hold.</summary>
    public ConcurrentBag<WeakReference> Anchors { get; } = [];

    /// <summary>
    /// The bound on a run: twice the longest member delay (its own work, then its work after the interrupt), the
    /// interrupt timeout in the lanes that have one, and <see cref="Slack"/>.
    /// </summary>
    public TimeSpan BoundFor(GroupSpec spec) =>
        TimeSpan.FromMilliseconds(2 * spec.Members.Max(m => m.DelayMs)) + (spec.Lane is Lane.Timeout or Lane.Terminate ? interruptTimeout : TimeSpan.Zero) + Slack;

    public async Task RunAsync(GroupSpec spec)
    {
        var name = $"chaos-{Interlocked.Increment(ref _groups)}";
        var group = new ChaosRecord();
        var records = spec.Members.Select((m, i) => new MemberRecord(group, m, i)).ToArray();
        var system = spec.Lane switch
        {
            Lane.Timeout => withTimeout,
            Lane.Terminate => ActorSystem.Create(name, ConfigurationFactory.ParseString(TimeoutConfig(interruptTimeout))),
            _ => shared,
        };
        using var cts = new CancellationTokenSource();
        try
        {
            if (spec is { Lane: Lane.Cancel, ExternalDelayMs: < 0 })
            {
                cts.Cancel();
            }

            var run = Start(name, records, system, cts.Token);
            await InterruptFromOutsideAsync(spec, system, cts);
            var bound = BoundFor(spec);
            RunResult result;
            try
            {
                result = await run.WaitAsync(bound);
            }
            catch (TimeoutException)
            {
                throw new ChaosViolation($"RunAsync did not complete within its bound of {bound.TotalSeconds:0.#} s");
            }

            Count(spec, result);
            var violations = new List<string>(group.Violations);
            ChaosChecks.Check(spec, records, result, cts.Token, interruptTimeout, violations);
            // A terminated system's EventStream drops the events published while it stops: only shared systems are checked.
            if (_collectors.TryGetValue(system, out var collector))
            {
                var events = await collector.Ask<List<RunGroupEvent>>(new EventCollector.Take(name), RunGroupTestKit.Bound);
                ChaosChecks.CheckEvents(result, events, violations);
                var left = await system.ActorSelection("/user/" + ActorNames.ForGroup(name)).Ask<ActorIdentity>(new Identify(name), RunGroupTestKit.Bound);
                if (left.Subject is not null)
                {
                    violations.Add($"the GroupSupervisor {left.Subject.Path} is alive after the run completed");
                }
            }

            group.ReleaseAll();
            await ChaosChecks.CheckAbandonedEndAsync(records, result, violations);
            if (violations.Count > 0)
            {
                throw new ChaosViolation($"{string.Join("; ", violations)} | result: {result}");
            }
        }
        finally
        {
            group.ReleaseAll();
            if (spec.Lane == Lane.Terminate)
            {
                await system.Terminate().WaitAsync(RunGroupTestKit.Bound);
            }
        }
    }

    private static IActorRef StartCollector(ActorSystem system)
    {
        var collector = system.ActorOf(Props.Create<EventCollector>(), "chaos-events");
        system.EventStream.Subscribe(collector, typeof(RunGroupEvent));
        return collector;
    }

    /// <summary>Stops the event collectors, so that the shared systems hold no actor of the test under /user.</summary>
    public Task StopCollectorsAsync() =>
        Task.WhenAll(_collectors.Values.Select(c => c.GracefulStop(RunGroupTestKit.Bound)));

    private void Count(GroupSpec spec, RunResult result)
    {
        void Add(string key, int n = 1) => Coverage.AddOrUpdate(key, n, (_, c) => c + n);
        Add($"lane {spec.Lane}");
        Add("members", spec.Members.Length);
        foreach (var kind in spec.Members.GroupBy(m => m.Kind))
        {
            Add($"{kind.Key} members", kind.Count());
        }

        Add("abandoned members", result.Members.Count(m => m.Abandoned));
        Add("members whose interrupt threw", result.Members.Count(m => m.InterruptError is not null));
        Add(result.FirstExited is null ? "runs interrupted from outside first" : "runs ended by a member's exit");
        Add(spec.SelfExiting > 1 ? "runs with racing exits" : "runs with at most one member exiting on its own");
    }

    private static async Task InterruptFromOutsideAsync(GroupSpec spec, ActorSystem system, CancellationTokenSource cts)
    {
        if (spec.Lane is not (Lane.Cancel or Lane.Terminate) || spec.ExternalDelayMs < 0)
        {
            return;
        }

        if (spec.ExternalDelayMs > 0)
        {
            // The random moment of the external interrupt: part of the case, not a synchronisation.
            await Task.Delay(spec.ExternalDelayMs);
        }

        if (spec.Lane == Lane.Cancel)
        {
            cts.Cancel();
        }
        else
        {
            _ = system.Terminate();
        }
    }

    /// <summary>Builds and starts the group in its own frame, so that nothing of it stays reachable from the test.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Task<RunResult> Start(string name, MemberRecord[] records, ActorSystem system, CancellationToken token)
    {
        var anchor = new object();
        Anchors.Add(new WeakReference(anchor));
        return ChaosGroup.Build(name, records, anchor).RunAsync(system, token);
    }
}

/// <summary>A broken invariant of a random run.</summary>
public sealed class ChaosViolation(string message) : Exception(message);
