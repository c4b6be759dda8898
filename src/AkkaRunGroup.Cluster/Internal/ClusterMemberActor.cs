using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using static Akka.Cluster.ClusterEvent;

namespace AkkaRunGroup.Cluster.Internal;

/// <summary>
/// INTERNAL API. The cluster member: joins, waits for Up, then watches the node's own membership and fails with a
/// <see cref="ClusterMembershipException"/> when it ends for a reason the member did not cause (failing is how an
/// actor member exits with an error). On <see cref="InterruptClusterMember"/> it stops at once, a clean exit, and
/// leaves the node's leaving to CoordinatedShutdown, whose phases hand the node's shards off before it leaves: it
/// starts that shutdown itself when none is running and the settings say so.
/// </summary>
internal sealed class ClusterMemberActor : ActorBase, IWithTimers
{
    private const string JoinTimer = "join";

    private readonly ClusterMemberPlan _plan;
    private readonly ILoggingAdapter _log;
    private Akka.Cluster.Cluster _cluster = null!;
    private CoordinatedShutdown _shutdown = null!;
    private bool _runShutdownWhenInterrupted;
    private IReadOnlyList<Address> _seeds = [];
    private MemberStatus? _status;

    private ClusterMemberActor(ClusterMemberPlan plan)
    {
        _plan = plan;
        _log = RunGroupLogging.GetLogger(Context.System, ClusterLogLines.Category);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(ClusterMemberPlan plan) => Props.CreateBy(new Producer(plan));

    protected override void PreStart()
    {
        // Here rather than in the constructor, so that Akka's error for a system without the cluster provider
        // reaches the group as the member's exit error, not wrapped in a TypeLoadException.
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        _shutdown = CoordinatedShutdown.Get(Context.System);
        var settings = ClusterMemberSettings.Create(Context.System);
        var joinTimeout = _plan.JoinTimeout ?? settings.JoinTimeout;
        _runShutdownWhenInterrupted = settings.RunCoordinatedShutdownWhenInterrupted;
        _seeds = _plan.SeedNodes.Count > 0 ? _plan.SeedNodes : _cluster.Settings.SeedNodes.ToArray();

        _cluster.Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent));
        var (self, log, plan, address) = (Self, _log, _plan, _cluster.SelfAddress);
        _cluster.RegisterOnMemberRemoved(() =>
        {
            // Logged here, not by the actor: an interrupted member has stopped before the node is removed.
            ClusterLogLines.NodeStatus(log, plan, address.ToString(), "Removed");
            self.Tell(ClusterStopped.Instance);
        });
        Timers.StartSingleTimer(JoinTimer, JoinTimedOut.Instance, joinTimeout);
        if (_plan.SeedNodes.Count > 0)
        {
            _cluster.JoinSeedNodes(_plan.SeedNodes);
        }

        ClusterLogLines.Joining(_log, _plan, _cluster.SelfAddress.ToString(), DescribeSeeds(), joinTimeout);
    }

    protected override void PostStop()
    {
        // Null when PreStart failed on a system without the cluster provider.
        if (_cluster is not null)
        {
            _cluster.Unsubscribe(Self);
        }
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case IMemberEvent e when e.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress):
                OnSelfEvent(e);
                return true;
            case IMemberEvent:
                return true;
            case JoinTimedOut when _status is not MemberStatus.Up:
                throw End(
                    ClusterMembershipReason.JoinTimedOut,
                    $"Node {_cluster.SelfAddress} was not Up within akka.run-group.cluster.join-timeout; it tried {DescribeSeeds()} and is {_status?.ToString() ?? "not a member"}.",
                    _status);
            case JoinTimedOut:
                return true;
            case InterruptClusterMember interrupt:
                OnInterrupt(interrupt.Error);
                return true;
            case ClusterStopped when ShutdownOwnsTheLeave:
                return true;
            case ClusterStopped:
                throw Stopped();
            default:
                return false;
        }
    }

    private void OnSelfEvent(IMemberEvent e)
    {
        var previous = e is MemberRemoved removed ? removed.PreviousStatus : _status;
        var status = e is MemberDowned ? MemberStatus.Down : e.Member.Status;
        if (status == _status)
        {
            return;
        }

        _status = status;
        if (status != MemberStatus.Removed)
        {
            ClusterLogLines.NodeStatus(_log, _plan, e.Member.Address.ToString(), Describe(status));
        }

        switch (status)
        {
            case MemberStatus.Up:
                Timers.Cancel(JoinTimer);
                // The group counts this member as started only now: until then the run is Starting.
                Context.Parent.Tell(MemberReady.Instance);
                break;
            case MemberStatus.Down:
                // Downed is never graceful, not even during a shutdown that makes the node leave.
                throw End(ClusterMembershipReason.Downed, $"Node {e.Member.Address} was downed while {previous}.", previous);
            case MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Removed when ShutdownOwnsTheLeave:
                // The group's phase comes after cluster-leave here: its interrupt is on its way.
                break;
            case MemberStatus.Leaving:
                throw End(ClusterMembershipReason.Leaving, $"Node {e.Member.Address} started leaving the cluster (was {previous}), not on the group's interrupt.", previous);
            case MemberStatus.Exiting:
                throw End(ClusterMembershipReason.Exiting, $"Node {e.Member.Address} is exiting the cluster (was {previous}), not on the group's interrupt.", previous);
            case MemberStatus.Removed:
                throw End(ClusterMembershipReason.Removed, $"Node {e.Member.Address} was removed from the cluster (was {previous}).", previous);
        }
    }

    /// <summary>
    /// The group's interrupt. The member stops at once; the node leaves in CoordinatedShutdown, whose phases run after
    /// the group's phase: <c>cluster-sharding-shutdown-region</c> hands the node's shards off while it is still Up, then
    /// <c>cluster-leave</c> and <c>cluster-exiting</c> make it leave, then the ActorSystem terminates. Leaving here, in
    /// the group's phase, would make the node Leaving before its shards are handed off.
    /// </summary>
    private void OnInterrupt(Exception? error)
    {
        Timers.Cancel(JoinTimer);
        var node = _cluster.SelfAddress.ToString();
        if (_status is null)
        {
            ClusterLogLines.NotAMember(_log, _plan, node);
            Context.Stop(Self);
            return;
        }

        // The membership may have ended before the interrupt came, with the news still on its way: a downed node or
        // one made to leave elsewhere runs CoordinatedShutdown, whose task may be what interrupts the group.
        if (_cluster.IsTerminated || Downed)
        {
            throw Stopped();
        }

        if (_shutdown.ShutdownReason is CoordinatedShutdown.ClusterLeavingReason)
        {
            throw End(ClusterMembershipReason.Exiting, $"Node {node} is exiting the cluster (was {_status}), not on the group's interrupt.", _status);
        }

        if (_shutdown.ShutdownReason is { } running)
        {
            ClusterLogLines.LeavesInRunningShutdown(_log, _plan, node, running.ToString());
        }
        else if (_runShutdownWhenInterrupted)
        {
            var reason = new ClusterMemberInterruptedReason(_plan.Group, _plan.Member, error);
            ClusterLogLines.LeavesByRunningShutdown(_log, _plan, node, reason.ToString());
            // From the thread pool: Run calls the first phases' tasks on the calling thread, and those are not the
            // member's to run.
            var shutdown = _shutdown;
            _ = Task.Run(() => shutdown.Run(reason));
        }
        else
        {
            ClusterLogLines.StaysAMember(_log, _plan, node);
        }

        Context.Stop(Self);
    }

    /// <summary>
    /// Whether the node's leaving belongs to a CoordinatedShutdown that the node's owner started (a stopping host, a
    /// signal, <c>ActorSystem.Terminate()</c>, this member's interrupt) rather than to the cluster's own doing (the
    /// node downed, made to leave elsewhere, or unable to join).
    /// </summary>
    private bool ShutdownOwnsTheLeave =>
        _shutdown.ShutdownReason is { } reason
        && reason is not (CoordinatedShutdown.ClusterDowningReason or CoordinatedShutdown.ClusterLeavingReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason);

    /// <summary>Whether Akka is shutting the node down because it was downed.</summary>
    private bool Downed => _shutdown.ShutdownReason is CoordinatedShutdown.ClusterDowningReason;

    /// <summary>
    /// The cluster daemon stopped (or is about to) without this member's leave. A downed node stops its daemon itself,
    /// often before its own Downed event gets out; CoordinatedShutdown's reason tells that case apart.
    /// </summary>
    private ClusterMembershipException Stopped()
    {
        var address = _cluster.SelfAddress;
        if (Downed && _status != MemberStatus.Down)
        {
            ClusterLogLines.NodeStatus(_log, _plan, address.ToString(), "Downed");
        }

        return Downed
            ? End(ClusterMembershipReason.Downed, $"Node {address} was downed while {_status}.", _status)
            : End(
                ClusterMembershipReason.ClusterShutDown,
                $"The cluster daemon of node {address} stopped while the node was {_status?.ToString() ?? "not a member"}.",
                _status);
    }

    private ClusterMembershipException End(ClusterMembershipReason reason, string message, MemberStatus? previous, Exception? cause = null) =>
        new(reason, _cluster.SelfAddress, previous, _seeds, message, cause);

    private string DescribeSeeds() =>
        _seeds.Count == 0
            ? "no seed nodes (none given, akka.cluster.seed-nodes is empty: waiting for a Cluster.Join)"
            : "seed nodes " + string.Join(", ", _seeds);

    private static string Describe(MemberStatus status) => status == MemberStatus.Down ? "Downed" : status.ToString();

    private sealed class Producer(ClusterMemberPlan plan) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ClusterMemberActor);

        public ActorBase Produce() => new ClusterMemberActor(plan);

        public void Release(ActorBase actor)
        {
        }
    }
}
