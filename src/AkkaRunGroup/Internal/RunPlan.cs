using System.Diagnostics;
using Akka.Actor;
using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. What one run is made of, fixed before its GroupSupervisor starts: its members, settings, order and
/// interrupt timeout, the ActorSystem, and the <see cref="RunCompletion"/> its caller awaits. Read by the
/// GroupSupervisor and by the members it starts; nothing in it changes during the run.
/// </summary>
internal sealed class RunPlan
{
    private ILoggingAdapter? _log;

    public RunPlan(
        string name, Member[] members, RunGroupSettings settings, ActorSystem system, InterruptOrder? order, TimeSpan? interruptTimeout, TimeSpan? drainDelay, bool nested, Activity? caller = null, InterruptGroup? stopAtStart = null, StartOrder? startOrder = null)
    {
        Name = name;
        Members = members;
        Settings = settings;
        System = system;
        Order = order ?? settings.InterruptOrder;
        StartOrder = startOrder ?? settings.StartOrder;
        InterruptTimeout = interruptTimeout ?? settings.InterruptTimeout;
        IsNested = nested;
        DrainDelay = nested ? TimeSpan.Zero : drainDelay ?? settings.DrainDelay;
        StartedAt = Stopwatch.GetTimestamp();
        StartedAtUtc = DateTimeOffset.UtcNow;
        Telemetry = RunTelemetry.For(system);
        Caller = caller;
        StopAtStart = stopAtStart;
        Completion = new RunCompletion(this);
        Live = new LiveRun(name, Completion);
    }

    public string Name { get; }

    public Member[] Members { get; }

    public RunGroupSettings Settings { get; }

    public ActorSystem System { get; }

    public InterruptOrder Order { get; }

    /// <summary>How the members start: the group's choice, else the settings'.</summary>
    public StartOrder StartOrder { get; }

    /// <summary>Whether members start one at a time, each once the one before it is ready.</summary>
    public bool StartsInOrder => StartOrder == StartOrder.Sequential;

    /// <summary>The bound on an interrupted run; <see cref="Timeout.InfiniteTimeSpan"/> waits as long as it takes.</summary>
    public TimeSpan InterruptTimeout { get; }

    /// <summary>How long a stop from outside drains before the interrupt; always zero for a nested group.</summary>
    public TimeSpan DrainDelay { get; }

    /// <summary>Whether the run is a nested group's, whose GroupSupervisor is a member of its parent's.</summary>
    public bool IsNested { get; }

    public long StartedAt { get; }

    /// <summary>The wall-clock time the run began: the <see cref="RunGroupState.Since"/> of its Starting phase, the same at every read.</summary>
    public DateTimeOffset StartedAtUtc { get; }

    public RunCompletion Completion { get; }

    /// <summary>The run as the observable instruments see it while it is live (<see cref="RunTelemetry"/>).</summary>
    public LiveRun Live { get; }

    /// <summary>The instruments the run records with: its ActorSystem's when the run began; a nested run keeps its parent's.</summary>
    public RunTelemetry Telemetry { get; private init; }

    /// <summary>
    /// The stop from outside that was already there when the run began (<see cref="RunGroup.Interrupt"/> called before
    /// <c>RunAsync</c>, or a token already cancelled): the GroupSupervisor stops the group as soon as its members have
    /// started, without ever publishing it Running. Null for a nested run.
    /// </summary>
    public InterruptGroup? StopAtStart { get; }

    /// <summary>The activity that was current where the run began, or null; a nested run keeps its parent's.</summary>
    public Activity? Caller { get; }

    /// <summary>
    /// The run's logger, category <see cref="LogLines.Category"/> (<see cref="RunGroupLogging"/> says where it writes);
    /// created on first use, since most runs log little. Every line goes through <see cref="LogLines"/>.
    /// </summary>
    /// <remarks>Two threads may both create it at first use (a restart's warning, the GroupSupervisor): either serves.</remarks>
    public ILoggingAdapter Log => _log ??= RunGroupLogging.GetLogger(System, LogLines.Category);

    /// <summary>Whether <paramref name="level"/> is logged, asked without creating the logger.</summary>
    public bool IsEnabled(LogLevel level) => System.EventStream.LogLevel <= level;

    public void Publish(RunGroupEvent e) => System.EventStream.Publish(e);

    /// <summary>The plan of a nested group's run: its own order and timeout where it chose them, this run's otherwise.</summary>
    public RunPlan Nest(RunGroup group, Member[] members) =>
        new(group.Name, members, Settings, System, group.Order, group.InterruptTimeout ?? InterruptTimeout, drainDelay: null, nested: true, Caller, startOrder: group.Starts)
        {
            Telemetry = Telemetry,
        };
}
