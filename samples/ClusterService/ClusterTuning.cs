namespace ClusterService;

/// <summary>
/// The cluster settings Akka.Cluster.Hosting has no option for, chosen for fast and safe recovery of a three-node
/// cluster on one machine or in Kubernetes. After a node crashes, its counters answer again once it is detected
/// (about 3 s), downed (stable-after, 5 s) and its shards are re-allocated (down-removal-margin, 5 s): 15 to 20 s.
/// </summary>
internal static class ClusterTuning
{
    /// <summary>HOCON added before Akka.Hosting's own, so that these values win.</summary>
    public const string Hocon = """
        akka.cluster {
          # The split-brain resolver (keep-majority, set by WithClustering) decides once the membership has been
          # stable for this long. Shorter downs a crashed node sooner; too short for the failure detector's noise
          # makes it down nodes that only paused (GC, a busy machine): 5 s is above acceptable-heartbeat-pause.
          # Gossip and the leader's moves (Joining to Up, Exiting to Removed) twice a second rather than once: a
          # restarted node is Up about a second sooner (measured: 0.9 s from Joining to Up instead of 2.3 s). For a
          # handful of nodes the extra gossip is a few small messages a second.
          gossip-interval = 500ms
          leader-actions-interval = 500ms

          split-brain-resolver.stable-after = 5s

          # A node that asked to join and got no answer asks again after this long (Akka: 10 s). A replacement on the
          # address of a node that has just left may ask while the leader still has the old incarnation as a member;
          # with 10 s, such a replacement was Up 14.7 to 17.1 s after its predecessor's SIGTERM in 8 of 24 replacements,
          # with 1 s, 17 of 17 within 10 s.
          retry-unsuccessful-join-after = 1s

          # After a node is downed, sharding and singletons wait this long before they start its shards and
          # singletons elsewhere. It is the safety margin: on the other side of a partition, the downed nodes need
          # this time to see that they lost (their own SBR downs them after stable-after) and to stop their entities,
          # so that no counter ever runs on two nodes at once and writes the same journal twice. Shorter recovers
          # sooner; shorter than stable-after would let both sides run an entity during a real partition.
          down-removal-margin = 5s

          # Sharding re-balances shards across nodes this often (a restarted node gets its share back). The default
          # is 10 s; a node's own shards are re-allocated on the next message after its removal, whatever this is.
          sharding.rebalance-interval = 5s
        }
        """;
}
