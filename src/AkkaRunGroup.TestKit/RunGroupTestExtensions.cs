using Akka.TestKit;

namespace AkkaRunGroup.TestKit;

/// <summary>Adds test members to groups and creates EventStream probes from a TestKit.</summary>
public static class RunGroupTestExtensions
{
    /// <summary>
    /// Adds <paramref name="member"/> to <paramref name="group"/> as an async member named after it. Its exit error is
    /// the one given to <see cref="TestMember.Exit"/>.
    /// </summary>
    /// <param name="group">The group.</param>
    /// <param name="member">The test member.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> or <paramref name="member"/> is null.</exception>
    public static RunGroup Add(this RunGroup group, TestMember member)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(member);
        return group.Add(_ => member.ExecuteAsync(), member.Interrupt, member.Name);
    }

    /// <summary>
    /// Creates a probe subscribed to the run group events of <paramref name="kit"/>'s ActorSystem. Create it before
    /// the run starts, so that it sees every event.
    /// </summary>
    /// <param name="kit">The TestKit whose system is observed.</param>
    /// <param name="group">Only events of the group with this name; null for every group.</param>
    /// <returns>The probe.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="kit"/> is null.</exception>
    public static RunGroupProbe CreateRunGroupProbe(this TestKitBase kit, string? group = null)
    {
        ArgumentNullException.ThrowIfNull(kit);
        var probe = kit.CreateTestProbe();
        kit.Sys.EventStream.Subscribe(probe.Ref, typeof(RunGroupEvent));
        return new RunGroupProbe(probe, group, kit.RemainingOrDefault);
    }
}
