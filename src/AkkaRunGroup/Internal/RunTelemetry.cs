using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The instruments of one <see cref="Meter"/> named <see cref="RunGroupTelemetry.MeterName"/>, and what
/// each records. A run finds its instance with <see cref="For"/> when it begins and keeps it (<see cref="RunPlan.Telemetry"/>).
/// </summary>
/// <remarks>
/// <para>Who calls: the owner of the state that changed, on its thread. The GroupSupervisor records a run's start,
/// each member's start, exit and abandonment; the ExecutionActor a restart; the run's completion
/// (<see cref="RunCompletion"/>) the end of the run and of its shutdown; an <see cref="OrphanedRun"/> the exits and
/// abandonments it sees. The instruments are thread-safe; this type holds no state of a run.</para>
/// <para>Each method builds its tags only when its instrument is <see cref="Instrument.Enabled"/>: with no listener,
/// recording is a check of a flag, and allocates nothing.</para>
/// </remarks>
internal sealed class RunTelemetry
{
    public const string GroupTag = "akka.run_group.name";
    public const string MemberTag = "akka.run_group.member.name";
    public const string OutcomeTag = "akka.run_group.outcome";
    public const string ErrorTypeTag = "error.type";
    public const string Clean = "clean";
    public const string Stopped = "stopped";
    public const string Failed = "failed";

    /// <summary>The version of this library, given to its Meter and ActivitySource.</summary>
    public static readonly string? Version = typeof(RunTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>Bounds for a run's lifetime: from a test's milliseconds to a service's days.</summary>
    private static readonly double[] RunBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400, 604800];

    /// <summary>Bounds for a shutdown: from an immediate one to a long interrupt timeout.</summary>
    private static readonly double[] ShutdownBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    /// <summary>The instruments of runs whose ActorSystem has no meter factory of its own (declared after the bounds it uses).</summary>
    public static readonly RunTelemetry Default = new(new Meter(RunGroupTelemetry.MeterName, Version));

    private readonly Counter<long> _runsStarted;
    private readonly Counter<long> _runsCompleted;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _shutdownDuration;
    private readonly Counter<long> _exits;
    private readonly Counter<long> _restarts;
    private readonly Counter<long> _abandoned;
    private readonly UpDownCounter<long> _running;

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
        _running = meter.CreateUpDownCounter<long>(
            "akka.run_group.member.running", "{member}", "Members started whose exit has not been seen yet, by group.");
    }

    /// <summary>The instruments the runs of <paramref name="system"/> record with.</summary>
    public static RunTelemetry For(ActorSystem system) => RunGroupExtension.Get(system).Telemetry;

    /// <summary>Gives <paramref name="system"/>'s runs instruments of a meter that <paramref name="factory"/> creates.</summary>
    public static void Use(ActorSystem system, IMeterFactory factory) =>
        RunGroupExtension.Get(system).Telemetry = new RunTelemetry(factory.Create(new MeterOptions(RunGroupTelemetry.MeterName) { Version = Version }));

    /// <summary>How a run ended, for the outcome tag: a bounded set of three values.</summary>
    /// <returns><c>clean</c> with no error; <c>stopped</c> for a stop from outside (a cancellation, a signal, CoordinatedShutdown); <c>failed</c> otherwise.</returns>
    public static string OutcomeOf(Exception? error) => error switch
    {
        null => Clean,
        OperationCanceledException or SignalException or CoordinatedShutdownException => Stopped,
        _ => Failed,
    };

    /// <summary>The <c>error.type</c> of an error: its type's full name, never its message.</summary>
    public static string ErrorTypeOf(Exception error) => error.GetType().FullName ?? error.GetType().Name;

    public void RunStarted(string group)
    {
        if (_runsStarted.Enabled)
        {
            _runsStarted.Add(1, new KeyValuePair<string, object?>(GroupTag, group));
        }
    }

    /// <summary>
    /// Records a run's end: the completed run, its duration and, when its stop was decided, its shutdown's; ends the
    /// shutdown activity.
    /// </summary>
    /// <param name="group">The group's name.</param>
    /// <param name="result">The run's result.</param>
    /// <param name="stoppedAt">The <see cref="Stopwatch"/> timestamp of the stop decision; 0 when none was made.</param>
    /// <param name="shutdown">The run's shutdown activity, if it has one.</param>
    public void RunCompleted(string group, RunResult result, long stoppedAt, Activity? shutdown)
    {
        ShutdownTrace.Stop(shutdown, result);
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

    /// <summary>A group with no members ran: it started and completed at once, with nothing to shut down.</summary>
    public void EmptyRun(string group, RunResult result)
    {
        RunStarted(group);
        RunCompleted(group, result, Stopwatch.GetTimestamp(), shutdown: null);
    }

    /// <summary>A member is being started: it counts as running until its exit is published or it is abandoned.</summary>
    public void MemberStarted(string group)
    {
        if (_running.Enabled)
        {
            _running.Add(1, new KeyValuePair<string, object?>(GroupTag, group));
        }
    }

    /// <summary>A member's exit is published (once per member): it is counted, and no longer running.</summary>
    public void MemberExited(string group, string member, Exception? error)
    {
        if (_running.Enabled)
        {
            _running.Add(-1, new KeyValuePair<string, object?>(GroupTag, group));
        }

        if (_exits.Enabled)
        {
            var tags = MemberTags(group, member, error);
            _exits.Add(1, in tags);
        }
    }

    /// <summary>
    /// The run completes without <paramref name="member"/>: it is counted, added to the shutdown activity, and no longer
    /// running unless its exit was published already (its interrupt is what never returned).
    /// </summary>
    public void MemberAbandoned(string group, MemberRecord member, Activity? shutdown)
    {
        if (_running.Enabled && !member.Has(MemberLife.ExitPublished))
        {
            _running.Add(-1, new KeyValuePair<string, object?>(GroupTag, group));
        }

        if (_abandoned.Enabled)
        {
            _abandoned.Add(1, new KeyValuePair<string, object?>(GroupTag, group), new KeyValuePair<string, object?>(MemberTag, member.Member.Name));
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
