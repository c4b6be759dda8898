using Akka.Actor;

namespace HostedService;

/// <summary>An actor member: it beats every second, and stops itself (a clean exit) once the deadline has passed.</summary>
internal sealed class Heartbeat : ReceiveActor, IWithTimers
{
    public Heartbeat(TimeSpan? exitAfter)
    {
        var beats = 0;
        Receive<Beat>(_ =>
        {
            Console.WriteLine($"heartbeat: beat {++beats}");
        });
        Receive<Deadline>(_ =>
        {
            Console.WriteLine("heartbeat: --exit-after reached, stopping myself");
            Context.Stop(Self);
        });
        Receive<Stop>(stop =>
        {
            Console.WriteLine($"heartbeat: interrupted ({stop.Error?.GetType().Name ?? "no error"}), stopping");
            Context.Stop(Self);
        });
        if (exitAfter is { } after)
        {
            Timers!.StartSingleTimer("deadline", Deadline.Instance, after);
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("beat", Beat.Instance, TimeSpan.FromSeconds(1));

    /// <summary>The interrupt message the group sends.</summary>
    public sealed record Stop(Exception? Error);

    private sealed class Beat
    {
        public static readonly Beat Instance = new();
    }

    private sealed class Deadline
    {
        public static readonly Deadline Instance = new();
    }
}
