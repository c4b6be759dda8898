using System.Collections.Concurrent;
using Akka.Configuration;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Runs one random group in its lane and checks every invariant on its result and on what its members recorded.</summary>
public sealed partial class ChaosRunner(ActorSystem shared, ActorSystem withTimeout, TimeSpan interruptTimeout)
{
    private readonly Dictionary<ActorSystem, IActorRef> _collectors = new()
    {
        [shared] = StartCollector(shared),
        [withTimeout] = StartCollector(withTimeout),
    };

    /// <summary>What a loaded two-core machine may add to the time the members need, before a run counts as hung.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    public const string QuietConfig = "akka.loglevel = OFF\nakka.stdout-loglevel = OFF\nakka.log-dead-letters = off";

    /// <summary>
    /// The shared systems log at Info, Akka's default level, where a run logs its first exit and its completion with
    /// the run's error in words: <see cref="ChaosLogger"/> formats every line and keeps none.
    /// </summary>
    public const string LoggingConfig = $$"""
        akka.loglevel = INFO
        akka.loggers = ["{{ChaosLogger.TypeName}}"]
        akka.stdout-loglevel = OFF
        akka.log-dead-letters = off
        """;

    private static long _groups;

    /// <summary>
    /// The suite's systems drain a stopped group for a day unless it says otherwise: a top-level group always calls
    /// <c>WithDrainDelay</c>, and a nested group, which never drains, runs under this setting.
    /// </summary>
    public const string DrainConfig = "akka.run-group.drain-delay = 1d";

    /// <summary>
    /// The interrupt timeout, a configured dispatcher that hands its thread over after every message, for more
    /// interleavings than the default dispatcher's, and <see cref="DrainConfig"/>.
    /// </summary>
    public static string TimeoutConfig(TimeSpan interruptTimeout, string logging = QuietConfig) => $$"""
        akka.run-group.interrupt-timeout = {{interruptTimeout.TotalMilliseconds}}ms
        akka.run-group.use-dispatcher = chaos-dispatcher
        chaos-dispatcher { type = Dispatcher, throughput = 1 }
        {{DrainConfig}}
        {{logging}}
        """;

    /// <summary>
    /// The private systems of the Terminate and Terminating lanes: CoordinatedShutdown waits for the runs of its phase
    /// a little longer than a run's bound (and less than the wait for the system's termination), so that a run the
    /// terminating system fails to end (a drain it does not cut short) exceeds its bound rather than being cut off by
    /// the phase's default timeout of 5 s.
    /// </summary>
    private string TerminatingConfig() => $"""
        {TimeoutConfig(interruptTimeout)}
        akka.coordinated-shutdown.phases.before-service-unbind.timeout = {(Slack + interruptTimeout + TimeSpan.FromSeconds(3)).TotalSeconds}s
        """;

    /// <summary>What the runs covered, by kind of event: printed after the suite.</summary>
    public ConcurrentDictionary<string, int> Coverage { get; } = new();

    /// <summary>One weak reference per run to an object only that run's members hold, with the run it belongs to.</summary>
    public ConcurrentDictionary<WeakReference, string> Anchors { get; } = new();

    /// <summary>Each run's lane and order, by run name, for a leak check to say which run it found.</summary>
    private readonly ConcurrentDictionary<string, string> _runs = new();

    /// <summary>
    /// The bound on a run: twice the longest member delay (its own work, then its work after the interrupt) for each
    /// level of nesting and each incarnation of a restarted member (with its backoff of at most 2 ms), the interrupt
    /// timeout in the lanes that have one (in reverse order, once for each member that ignores its interrupt, since
    /// each holds the order that long), a short drain, and <see cref="Slack"/>. A long drain is not in it: no run may
    /// wait one out.
    /// </summary>
    public TimeSpan BoundFor(GroupSpec spec)
    {
        var work = 2 * (spec.Members.Max(m => m.DeepDelayMs) + 2) * (ChaosModel.MaxDepth + 1) * 4;
        var timeouts = spec.Lane is not (Lane.Timeout or Lane.Terminate or Lane.Terminating) ? 0
            : spec.Reverse ? 1 + spec.Members.Count(m => m.Role is Role.IgnoresInterrupt or Role.InterruptBlocks)
            : 1;
        var drain = spec.Drain < ChaosModel.LongDrain ? spec.Drain : TimeSpan.Zero;
        return TimeSpan.FromMilliseconds(work) + timeouts * interruptTimeout + drain + Slack;
    }

    public async Task RunAsync(GroupSpec spec)
    {
        var name = $"chaos-{Interlocked.Increment(ref _groups)}";
        _runs[name] = $"lane {spec.Lane}{(spec.Reverse ? ", reverse order" : "")}, {spec.Members.Count()} members";
        var group = new ChaosRecord();
        var records = spec.Members.Select((m, i) => new MemberRecord(group, m, i, name)).ToArray();
        var system = spec.Lane switch
        {
            Lane.Timeout => withTimeout,
            Lane.Terminate or Lane.Terminating => ActorSystem.Create(name, ConfigurationFactory.ParseString(TerminatingConfig())),
            _ => shared,
        };
        using var cts = new CancellationTokenSource();
        try
        {
            // The test holds the group until its run is checked, to read its state.
            var built = Build(name, records, spec);
            if (spec is { Lane: Lane.Cancel, ExternalDelayMs: < 0 })
            {
                if (spec.InterruptsBeforeRun)
                {
                    built.Interrupt(new OperationCanceledException(cts.Token));
                }

                cts.Cancel();
            }

            var (run, level, ranOn) = spec.Lane == Lane.Terminating
                ? await StartTerminatingAsync(spec, built, records, system)
                : (built.RunAsync(system, cts.Token), TopLevel(spec, cts.Token, spec.Lane, stoppedAtStart: spec is { Lane: Lane.Cancel, ExternalDelayMs: < 0 }), system);
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

            var violations = new List<string>(group.Violations);
            ChaosChecks.Check(level, records, result, interruptTimeout, violations);
            StateChecks.CheckCompleted(built, result, "", violations);
            StateChecks.CheckNeverRunning(spec, records, violations);
            string? drainEnd = null;
            // A terminated system's EventStream drops the events published while it stops: only shared systems are checked.
            if (_collectors.TryGetValue(ranOn, out var collector))
            {
                var events = await collector.Ask<List<RunGroupEvent>>(new EventCollector.Take(name), RunGroupTestKit.Bound);
                ChaosChecks.CheckEvents(level, records, result, events, violations);
                drainEnd = StateChecks.CheckDrain(level, result, events, violations);
                await CheckNestedEventsAsync(collector, level.Lane, level.Sequential, records, result, violations);
                var left = await ranOn.ActorSelection("/user/" + ActorNames.ForGroup(name)).Ask<ActorIdentity>(new Identify(name), RunGroupTestKit.Bound);
                if (left.Subject is not null)
                {
                    violations.Add($"the GroupSupervisor {left.Subject.Path} is alive after the run completed");
                }
            }

            Count(spec, level, records, result, drainEnd);
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
            if (spec.Lane is Lane.Terminate or Lane.Terminating)
            {
                await system.Terminate().WaitAsync(RunGroupTestKit.Bound);
            }
        }
    }

    /// <summary>
    /// Every nested group published its own events, under its own name, with its own result; a nested group never
    /// started (by a sequential start), and every group in it, published none.
    /// </summary>
    /// <param name="sequential">The group of <paramref name="records"/> starts them in sequential order.</param>
    private static async Task CheckNestedEventsAsync(
        IActorRef collector, Lane lane, bool sequential, MemberRecord[] records, RunResult result, List<string> violations)
    {
        for (var i = 0; i < records.Length && i < result.Members.Count; i++)
        {
            if (records[i].NestedName is { } nestedName && result.Members[i].Result is { } nested)
            {
                var events = await collector.Ask<List<RunGroupEvent>>(new EventCollector.Take(nestedName), RunGroupTestKit.Bound);
                var found = new List<string>();
                var spec = records[i].Spec.Nested!;
                var inner = new Level(lane, spec.Reverse, default, Nested: true, Sequential: spec.Sequential);
                ChaosChecks.CheckEvents(inner, records[i].Children, nested, events, found);
                StateChecks.CheckDrain(inner, nested, events, found);
                violations.AddRange(found.Select(x => $"{records[i].Name}/ events: {x}"));
                await CheckNestedEventsAsync(collector, lane, spec.Sequential, records[i].Children, nested, violations);
            }
            else if (records[i].NestedName is not null && sequential && StartOrderChecks.NeverStarted(result.Members[i]))
            {
                foreach (var name in StartOrderChecks.NestedNames(records[i]))
                {
                    var events = await collector.Ask<List<RunGroupEvent>>(new EventCollector.Take(name), RunGroupTestKit.Bound);
                    ChaosChecks.Expect(events.Count == 0, $"{records[i].Name}: never started, yet group '{name}' published [{string.Join(", ", events.Select(e => e.GetType().Name))}]", violations);
                }
            }
        }
    }

    /// <summary>The checks' view of a top-level run in <paramref name="lane"/> with <paramref name="token"/>.</summary>
    private static Level TopLevel(GroupSpec spec, CancellationToken token, Lane lane, bool stoppedAtStart) =>
        new(lane, spec.Reverse, token, Drain: spec.Drain, Sequential: spec.Sequential, StoppedAtStart: stoppedAtStart);

    private static IActorRef StartCollector(ActorSystem system)
    {
        var collector = system.ActorOf(Props.Create<EventCollector>(), "chaos-events");
        system.EventStream.Subscribe(collector, typeof(RunGroupEvent));
        return collector;
    }

    /// <summary>Stops the event collectors, so that the shared systems hold no actor of the test under /user.</summary>
    public Task StopCollectorsAsync() =>
        Task.WhenAll(_collectors.Values.Select(c => c.GracefulStop(RunGroupTestKit.Bound)));

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

        if (spec.Lane == Lane.Cancel || spec.CancelsFirst)
        {
            cts.Cancel();
        }

        if (spec.Lane == Lane.Terminate)
        {
            _ = system.Terminate();
        }
    }

    /// <summary>Builds the group with its drain delay, its members holding an anchor that only they reference.</summary>
    private RunGroup Build(string name, MemberRecord[] records, GroupSpec spec)
    {
        var anchor = new object();
        Anchors[new WeakReference(anchor)] = $"{name} ({_runs.GetValueOrDefault(name)})";
        return ChaosGroup.Build(name, records, anchor, spec.Reverse, spec.Drain, spec.Sequential);
    }
}

/// <summary>A broken invariant of a random run; its message prints odd member names as escapes.</summary>
public sealed class ChaosViolation(string message) : Exception(OddNames.Printable(message));
