namespace AkkaRunGroup.Tests.Reliability;

/// <summary>The actor of a random actor member: it plays its <see cref="MemberSpec"/> and writes what it does to its record.</summary>
public sealed class ChaosActor : UntypedActor, IWithTimers
{
    public const string InterruptMessage = "interrupt";
    private const string EndMessage = "end";

    private readonly MemberRecord _record;
    private bool _ended;

    private ChaosActor(MemberRecord record)
    {
        _record = record;
        record.OnStart(dedicatedThread: false);
        if (record.Spec is { Ending: Ending.FailsToStart, DelayMs: var d } && d % 2 == 0)
        {
            throw record.End(record.Error)!;
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props made without expression compilation, holding <paramref name="anchor"/> for the run's lifetime.</summary>
    public static Props PropsFor(MemberRecord record, object anchor) => Props.CreateBy(new Producer(record, anchor));

    protected override void PreStart()
    {
        var spec = _record.Spec;
        if (spec.Ending == Ending.FailsToStart)
        {
            _ended = true;
            throw _record.End(_record.Error)!;
        }

        if (spec.Role == Role.ExitsOnItsOwn)
        {
            After(spec.DelayMs);
        }
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case EndMessage:
                End();
                break;
            case InterruptMessage when _record.Spec.Role == Role.ExitsWhenInterrupted:
                After(_record.Spec.DelayMs);
                break;
            case InterruptMessage:
                // Exits on its own already, or ignores its interrupt.
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop()
    {
        _record.OnPostStop();
        if (!_ended)
        {
            _record.StoppedFromOutside();
        }
    }

    private void After(int delayMs)
    {
        if (delayMs == 0)
        {
            Self.Tell(EndMessage);
        }
        else
        {
            Timers.StartSingleTimer(EndMessage, EndMessage, TimeSpan.FromMilliseconds(delayMs));
        }
    }

    private void End()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        switch (_record.Spec.Ending)
        {
            case Ending.Clean or Ending.Cancelled:
                _record.End(null);
                Context.Stop(Self);
                break;
            case Ending.Wrapped:
                throw new AggregateException(_record.End(_record.Error)!);
            default:
                throw _record.End(_record.Error)!;
        }
    }

    private sealed class Producer(MemberRecord record, object anchor) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ChaosActor);

        public ActorBase Produce()
        {
            GC.KeepAlive(anchor);
            return new ChaosActor(record);
        }

        public void Release(ActorBase actor)
        {
        }
    }
}
