using Akka.Actor;
using Akka.Hosting;

namespace WebService;

/// <summary>
/// The actor member behind <c>GET /work/{n}</c>: it computes the n-th Fibonacci number and answers after the delay
/// the request asked for, a stand-in for slow work. Interrupted, it answers the jobs it has in flight, then stops.
/// </summary>
internal sealed class Calculator : ReceiveActor, IWithTimers
{
    /// <summary>The largest n whose Fibonacci number fits a <see cref="long"/>.</summary>
    public const int MaxN = 92;

    private readonly Dictionary<int, (IActorRef Asker, WorkDone Done)> _inFlight = [];
    private int _jobs;

    public Calculator()
    {
        Receive<Work>(Compute);
        Receive<Due>(Answer);
        Receive<Stop>(stop =>
        {
            Console.WriteLine($"calculator: interrupted ({stop.Error?.GetType().Name ?? "no error"}); jobs in flight: {_inFlight.Count}");
            Become(Stopping);
            StopIfIdle();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    // The endpoint finds the calculator through Akka.Hosting's registry (IRequiredActor<Calculator>).
    protected override void PreStart() => ActorRegistry.For(Context.System).Register<Calculator>(Self);

    private void Stopping()
    {
        Receive<Work>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("the calculator is stopping"))));
        Receive<Due>(due =>
        {
            Answer(due);
            StopIfIdle();
        });
    }

    private void Compute(Work work)
    {
        var job = ++_jobs;
        var done = new WorkDone(work.N, Fibonacci(work.N), job, Self.Path.ToStringWithoutAddress());
        Console.WriteLine($"calculator: job {job}: fibonacci({work.N}) = {done.Fibonacci}, answering in {work.Delay.TotalMilliseconds:0} ms");
        _inFlight.Add(job, (Sender, done));
        Timers.StartSingleTimer(job, new Due(job), work.Delay);
    }

    private void Answer(Due due)
    {
        if (_inFlight.Remove(due.Job, out var job))
        {
            job.Asker.Tell(job.Done);
        }
    }

    private void StopIfIdle()
    {
        if (_inFlight.Count == 0)
        {
            Console.WriteLine("calculator: no job in flight, stopping");
            Context.Stop(Self);
        }
    }

    private static long Fibonacci(int n)
    {
        long current = 0, next = 1;
        for (var i = 0; i < n; i++)
        {
            (current, next) = (next, unchecked(current + next)); // next overflows only once current is the answer
        }

        return current;
    }

    /// <summary>Computes the n-th Fibonacci number and answers <see cref="WorkDone"/> after <paramref name="Delay"/>.</summary>
    public sealed record Work(int N, TimeSpan Delay);

    /// <summary>The answer: the result, the job's number, and the path of the actor that computed it.</summary>
    public sealed record WorkDone(int N, long Fibonacci, int Job, string Calculator);

    /// <summary>The interrupt message the group sends.</summary>
    public sealed record Stop(Exception? Error);

    private sealed record Due(int Job);
}
