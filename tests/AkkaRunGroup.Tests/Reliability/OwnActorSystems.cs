using Akka.Configuration;
using Akka.TestKit;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>ActorSystems of a test's own, beside the TestKit's: for a test that terminates them, or configures them.</summary>
public static class OwnActorSystems
{
    /// <summary>A system that logs warnings and worse, with <paramref name="config"/> on top.</summary>
    public static ActorSystem Create(string name, string config = "") =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString($"akka.loglevel = WARNING\n{config}"));

    /// <summary>A probe of <paramref name="kit"/>, in <paramref name="system"/>, subscribed to its <see cref="RunGroupEvent"/>s.</summary>
    public static TestProbe SubscribeToEvents(this TestKitBase kit, ActorSystem system)
    {
        var probe = kit.CreateTestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(RunGroupEvent));
        return probe;
    }
}
