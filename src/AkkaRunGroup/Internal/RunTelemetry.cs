using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The instruments of one <see cref="Meter"/> named <see cref="RunGroupTelemetry.MeterName"/>, what
/// each records, and the runs live on it. A run finds its instance with <see cref="For"/> when it begins and keeps it
/// (<see cref="RunPlan.Telemetry"/>).
/// </summary>
/// <remarks>
/// <para>Who calls: the owner of the state that changed, on its thread. The GroupSupervisor records a run's start,
/// each member's start, exit and abandonment; the ExecutionActor a restart; the run's completion
/// (<see cref="RunCompletion"/>) the end of the run and of its shutdown; an <see cref="OrphanedRun"/> the exits and
/// abandonments it sees. The instruments are thread-safe.</para>
/// <para>Two instruments are observable: they report, when a listener collects, what the live runs
/// (<see cref="LiveRuns"/>, joined at a run's start and left at its completion) are now, so that a listener attached at
/// any time reads true values: each group's phase (<c>akka.run_group.phase</c>) and its members running
/// (<c>akka.run_group.member.running</c>). A run joins them whether or not anyone listens: that is a lock held for a
/// few writes at its start and its completion, and one interlocked count per member start and exit.</para>
/// <para>The other methods build their tags only when their instrument is <see cref="Instrument.Enabled"/>: with no
/// listener, recording is a check of a flag, and allocates nothing.</para>
/// </remarks>
internal sealed class RunTelemetry
{
    public const string GroupTag = "akka.run_group.name";
    public const string MemberTag = "akka.run_group.member.name";
    public const string OutcomeTag = "akka.run_group.outcome";
    public const string PhaseTag = "akka.run_group.phase";
    public const string ErrorTypeTag = "error.type";
    public const string Clean = "clean";
    public const string Stopped = "stopped";
    public const string Failed = "failed";

    /// <summary>The version of this library, given to its Meter and ActivitySource.</summary>
    public static readonly string? Version = typeof(RunTelemetry).Assembly.GetName().Version?.ToString();

    private static readonly ConditionalWeakTable<Meter, RunTelemetry> ByMeter = new();

    /// <summary>Bounds for a run's lifetime: from a test's milliseconds to a service's days.</summary>
    private static readonly double[] RunBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400, 604800];

    /// <summary>Bounds for a shutdown: from an immediate one to a long interrupt timeout.</summary>
    private static readonly double[] ShutdownBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    /// <summary>The values of the phase tag, indexed by <see cref="RunGroupPhase"/>.</summary>
    private static readonly string[] PhaseNames = ["not_started", "starting", "running", "draining", "interrupting", "completed"];

    /// <summary>The phases a live run can be in: the phase instrument reports each of them for every group with a live run.</summary>
    private static readonly RunGroupPhase[] LivePhases =
        [RunGroupPhase.Starting, RunGroupPhase.Running, RunGroupPhase.Draining, RunGroupPhase.Interrupting, RunGroupPhase.Completed];

    /// <summary>The instruments of runs whose ActorSystem has no meter factory of its own (declared after the bounds it uses).</summary>
    public static readonly RunTelemetry Default = new(new Meter(RunGroupTelemetry.MeterName, Version));

    private readonly Counter<long> _runsStarted;
    private readonly Counter<long> _runsCompleted;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _shutdownDuration;
    private readonly Counter<long> _exits;
    private readonly Counter<long> _restarts;
    private readonly Counter<long> _abandoned;
    private readonly LiveRuns _live = new();

    private RunTelemetry(Meter meter)
    {
        _runsStarted = meter.CreateCounter<long>(
            "akka.run_group.run.started", "{run}", "Runs of a run group started: nested groups count too, each under its own name.");
        _runsCompleted = meter.CreateCounter<long>(
            "akka.run_group.run.completed", "{run}", "Runs of a run group completed, by outcome (clean, stopped, failed) and the type of the run's error.");
        _runDuration = meter.CreateHistogram(
            "akka.run_group.run.duration", "s", "The time from a run's start (the call of RunAsync) to its result (RunResult.Elapsed).",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
        _shutdownDuration = meter.CreateHistogram(
            "akka.run_group.shutdown.duration", "s", "The time from a run's stop decision (its first exit, or a stop from outside) to its completion.",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = ShutdownBuckets });
        _exits = meter.CreateCounter<long>(
            "akka.run_group.member.exits", "{exit}", "Members' exits, by group, member and the type of the exit error (none for a clean return).");
        _restarts = meter.CreateCounter<long>(
            "akka.run_group.member.restarts", "{restart}", "Restarts of members by their restart policy, by group, member and the type of the error that ended the incarnation.");
        _abandoned = meter.CreateCounter<long>(
            "akka.run_group.member.abandoned", "{member}", "Members still running when their group's interrupt timeout elapsed: the run completed without them.");
        meter.CreateObservableUpDownCounter(
            "akka.run_group.member.running", ObserveRunning, "{member}", "Members of the live runs started whose exit has not been seen, nor were abandoned, by group.");
        meter.CreateObservableUpDownCounter(
            "akka.run_group.phase",
            ObservePhases,
            "{run}",
            "Live runs by group and phase: for each group, one value per phase (starting, running, draining, interrupting, completed), 1 for the phase its run is in and 0 for the others.");
    }

    /// <summary>The instruments the runs of <paramref name="system"/> record with.</summary>
    public static RunTelemetry For(ActorSystem system) => RunGroupExtension.Get(system).Telemetry;

    /// <summary>
    /// Gives <paramref name="system"/>'s runs the instruments of the meter that <paramref name="factory"/> creates: one
    /// instance per meter, since a factory gives the same meter each time (several hosted groups on one system share
    /// it), and its observable instruments must be there once.
    /// </summary>
    public static void Use(ActorSystem system, IMeterFactory factory)
    {
        var meter = factory.Create(new MeterOptions(RunGroupTelemetry.MeterName) { Version = Version });
        RunGroupExtension.Get(system).Telemetry = ByMeter.GetValue(meter, static m => new RunTelemetry(m));
    }

    /// <summary>How a run ended, for the outcome tag: a bounded set of three values.</summary>
    /// <returns><c>clean</c> with no error; <c>stopped</c> for a stop from outside (a cancellation, a signal, CoordinatedShutdown); <c>failed</c> otherwise.</returns>
    public static string OutcomeOf(Exception? error) => error switch
    {
        null => Clean,
        OperationCanceledException or SignalException or CoordinatedShutdownException => Stopped,
        _ => Failed,
    };

    /// <summary>The value of the phase tag for <paramref name="phase"/>: its name in snake case, such as <c>draining</c>.</summary>
    public static string PhaseName(RunGroupPhase phase) => PhaseNames[(int)phase];

    /// <summary>The <c>error.type</c> of an error: its type's full name, never its message.</summary>
    public static string ErrorTypeOf(Exception error) => error.GetType().FullName ?? error.GetType().Name;

    /// <summary>The run's GroupSupervisor starts (or the run ends before it could): the run is counted, and is live until it completes.</summary>
    public void RunStarted(RunPlan plan)
    {
        _live.Add(plan.Live);
        CountStart(plan.Name);
    }

    /// <summary>
    /// Records a run's end: the completed run, its duration and, when its stop was decided, its shutdown's; ends the
    /// shutdown activity.
    /// </summary>
    /// <param name="plan">The run.</param>
    /// <param name="result">The run's result.</param>
    /// <param name="stoppedAt">The <see cref="Stopwatch"/> timestamp of the stop decision; 0 when none was made.</param>
    /// <param name="shutdown">The run's shutdown activity, if it has one.</param>
    public void RunCompleted(RunPlan plan, RunResult result, long stoppedAt, Activity? shutdown)
    {
        _live.Remove(plan.Live);
        ShutdownTrace.Stop(shutdown, result);
        CountCompletion(plan.Name, result, stoppedAt);
    }

    /// <summary>A group with no members ran: it started and completed at once, with nothing to shut down, and was never live.</summary>
    public void EmptyRun(string group, RunResult result)
    {
        CountStart(group);
        CountCompletion(group, result, Stopwatch.GetTimestamp());
    }

    /// <summary>A member is being started: it counts as running until its exit is published or it is abandoned.</summary>
    public void MemberStarted(RunPlan plan) => plan.Live.MemberStarted();

    /// <summary>A member's exit is published (once per member): it is counted, and no longer running.</summary>
    public void MemberExited(RunPlan plan, string member, Exception? error)
    {
        plan.Live.MemberGone();
        if (_exits.Enabled)
        {
            var tags = MemberTags(plan.Name, member, error);
            _exits.Add(1, in tags);
        }
    }

    /// <summary>
    /// The run completes without <paramref name="member"/>: it is counted, added to the shutdown activity, and no longer
    /// running unless its exit was published already (its interrupt is what never returned).
    /// </summary>
    public void MemberAbandoned(RunPlan plan, MemberRecord member, Activity? shutdown)
    {
        if (!member.Has(MemberLife.ExitPublished))
        {
            plan.Live.MemberGone();
        }

        if (_abandoned.Enabled)
        {
            _abandoned.Add(1, new KeyValuePair<string, object?>(GroupTag, plan.Name), new KeyValuePair<string, object?>(MemberTag, member.Member.Name));
        }

        ShutdownTrace.Abandoned(shutdown, member.Member.Name);
    }

    /// <summary>A member's restart policy restarts it after an incarnation ended with <paramref name="error"/>.</summary>
    public void MemberRestarted(string group, string member, Exception? error)
    {
        if (_restarts.Enabled)
        {
            var tags = MemberTags(group, member, error);
            _restarts.Add(1, in tags);
        }
    }

    private void CountStart(string group)
    {
        if (_runsStarted.Enabled)
        {
            _runsStarted.Add(1, new KeyValuePair<string, object?>(GroupTag, group));
        }
    }

    private void CountCompletion(string group, RunResult result, long stoppedAt)
    {
        if (!_runsCompleted.Enabled && !_runDuration.Enabled && !_shutdownDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { GroupTag, group }, { OutcomeTag, OutcomeOf(result.Error) } };
        if (result.Error is { } error)
        {
            tags.Add(ErrorTypeTag, ErrorTypeOf(error));
        }

        _runsCompleted.Add(1, in tags);
        _runDuration.Record(result.Elapsed.TotalSeconds, in tags);
        if (stoppedAt != 0)
        {
            _shutdownDuration.Record(Stopwatch.GetElapsedTime(stoppedAt).TotalSeconds, in tags);
        }
    }

    private IEnumerable<Measurement<long>> ObserveRunning()
    {
        foreach (var (group, live) in _live.ByGroup())
        {
            yield return new Measurement<long>(live.Running, new KeyValuePair<string, object?>(GroupTag, group));
        }
    }

    private IEnumerable<Measurement<long>> ObservePhases()
    {
        foreach (var (group, live) in _live.ByGroup())
        {
            foreach (var phase in LivePhases)
            {
                yield return new Measurement<long>(
                    live.Runs[(int)phase], new KeyValuePair<string, object?>(GroupTag, group), new KeyValuePair<string, object?>(PhaseTag, PhaseName(phase)));
            }
        }
    }

    /// <summary>The tags of a member's exit or restart: its group, its name, and its error's type when it has one.</summary>
    private static TagList MemberTags(string group, string member, Exception? error)
    {
        var tags = new TagList { { GroupTag, group }, { MemberTag, member } };
        if (error is not null)
        {
            tags.Add(ErrorTypeTag, ErrorTypeOf(error));
        }

        return tags;
    }
}
