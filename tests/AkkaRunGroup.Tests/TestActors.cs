using Akka.Actor;

namespace AkkaRunGroup.Tests;

/// <summary>Small actors used as actor members.</summary>
public static class TestActors
{
    /// <summary>Ignores every message.</summary>
    public sealed class Ignoring : ReceiveActor
    {
        public Ignoring() => ReceiveAny(_ => { });
    }

    /// <summary>Stops itself on "stop"; throws the exception it is sent.</summary>
    public sealed class Obedient : ReceiveActor
    {
        public Obedient()
        {
            Receive<string>(s => s == "stop", _ => Context.Stop(Self));
            Receive<Exception>(e => throw e);
        }
    }

    /// <summary>Reports the interrupt message it received to a probe, then stops.</summary>
    public sealed class Reporting : ReceiveActor
    {
        public Reporting(IActorRef probe) => ReceiveAny(m =>
        {
            probe.Tell(m);
            Context.Stop(Self);
        });
    }

    /// <summary>Throws from its constructor.</summary>
    public sealed class FailingConstructor : ReceiveActor
    {
        public FailingConstructor(Exception error) => throw error;
    }

    /// <summary>Throws from PreStart.</summary>
    public sealed class FailingPreStart(Exception error) : ReceiveActor
    {
        protected override void PreStart() => throw error;
    }
}
