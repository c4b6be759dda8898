using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The interrupt timeout of a GroupSupervisor: of the whole interrupt, or of one turn of a reverse-order
/// interrupt, on the actor's keyed timer <see cref="TimerKey"/>, which delivers <see cref="InterruptTimedOut"/>.
/// Starting it again replaces the previous one (a keyed timer never delivers its earlier message). Akka's scheduler
/// takes a day at a time at most (beyond its range it fires at once), so a longer timeout is scheduled again, a day at
/// a time, until it has elapsed. Used on the GroupSupervisor's thread only.
/// </summary>
internal sealed class InterruptDeadline(TimeSpan timeout, ITimerScheduler timers)
{
    public const string TimerKey = "interrupt-timeout";

    private static readonly TimeSpan LongestSchedule = TimeSpan.FromDays(1);

    private long _from;

    /// <summary>Starts the timeout from now; an infinite one schedules nothing.</summary>
    public void Start()
    {
        _from = Stopwatch.GetTimestamp();
        Schedule();
    }

    /// <summary>Called when its timer fires: whether the timeout has elapsed; if not (a timeout longer than a day), it is scheduled again.</summary>
    public bool Elapsed()
    {
        if (timeout - Stopwatch.GetElapsedTime(_from) <= TimeSpan.Zero)
        {
            return true;
        }

        Schedule();
        return false;
    }

    /// <summary>Stops the timeout: its message, even one already sent, is never delivered.</summary>
    public void Cancel() => timers.Cancel(TimerKey);

    private void Schedule()
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var left = timeout - Stopwatch.GetElapsedTime(_from);
            timers.StartSingleTimer(TimerKey, InterruptTimedOut.Instance, left < LongestSchedule ? left : LongestSchedule);
        }
    }
}
