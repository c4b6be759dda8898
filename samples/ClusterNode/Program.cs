// ClusterNode: one node of an Akka.Cluster on 127.0.0.1, run as a run group of three members: the cluster member
// (joins through the seed nodes, leaves gracefully when interrupted), a worker actor that prints the membership
// changes it sees, and the signal handler (Ctrl+C or SIGTERM stops the group). Start three of them:
//   dotnet run --project samples/ClusterNode -- --port 4053 --seed 127.0.0.1:4053
//   dotnet run --project samples/ClusterNode -- --port 4054 --seed 127.0.0.1:4053
//   dotnet run --project samples/ClusterNode -- --port 4055 --seed 127.0.0.1:4053
// then press Ctrl+C in one: it leaves the cluster and the others print its removal.
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using AkkaRunGroup;
using AkkaRunGroup.Cluster;
using static Akka.Cluster.ClusterEvent;

const string SystemName = "cluster-node";
var port = 4053;
var seeds = new List<Address>();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[i + 1]);
            break;
        case "--seed":
            var hostPort = args[i + 1].Split(':');
            seeds.Add(new Address("akka.tcp", SystemName, hostPort[0], int.Parse(hostPort[1])));
            break;
    }
}

// Only loopback: the sample never listens on or dials another address.
var config = ConfigurationFactory.ParseString($$"""
    akka {
      loglevel = WARNING
      actor.provider = cluster
      remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}} }
      cluster {
        downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
        split-brain-resolver { active-strategy = keep-majority, stable-after = 5s }
      }
    }
    """);
using var system = ActorSystem.Create(SystemName, config);
var self = Cluster.Get(system).SelfAddress;
Cluster.Get(system).RegisterOnMemberUp(() => Console.WriteLine($"node {self}: Up"));

var group = new RunGroup("cluster-node")
    .AddClusterMember(seeds)
    .AddActor(Props.Create(() => new MembershipPrinter()), "worker")
    .AddSignalHandler();
Console.WriteLine($"node {self}: joining through {string.Join(", ", seeds)}; Ctrl+C to leave");
var result = await group.RunAsync(system);
Console.WriteLine($"node {self}: {result}");
foreach (var member in result.Members)
{
    Console.WriteLine($"  {member}");
}

// Leaving already started Akka's CoordinatedShutdown; this waits for it (or starts it if the node never joined).
await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
Console.WriteLine($"node {self}: ActorSystem terminated");

/// <summary>The worker: prints every membership change this node sees, until the group stops it.</summary>
internal sealed class MembershipPrinter : ReceiveActor
{
    public MembershipPrinter()
    {
        var self = Cluster.Get(Context.System).SelfAddress.Port;
        Receive<IMemberEvent>(e => Console.WriteLine($"worker on :{self}: {e.Member.Address} is {Name(e)}"));
    }

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private static string Name(IMemberEvent e) => e is MemberDowned ? "Downed" : e.Member.Status.ToString();
}
