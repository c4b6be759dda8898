// ClusterService: one node of a sharded, persistent counter service: ASP.NET Core on Akka.Hosting, Akka.Cluster with
// sharding, Akka.Persistence.Sql, and a run group whose members keep readiness at 503 until the node is Up and its
// journal can be read.
// SIGTERM or Ctrl+C drains (readiness 503, requests still served), interrupts the group, stops Kestrel, then Akka's
// CoordinatedShutdown hands the node's shards off and leaves the cluster; the process exits 0. README.md beside this
// file starts three nodes, with seed nodes or with Akka.Management's Cluster Bootstrap.
//
//   dotnet run --project samples/ClusterService -- --urls http://127.0.0.1:5081 --port 4053 --seed 127.0.0.1:4053
//   curl -X POST http://127.0.0.1:5081/counters/a     # {"id":"a","value":1,"node":"akka.tcp://cluster-service@127.0.0.1:4053",...}
//   curl http://127.0.0.1:5081/counters/a             # {"id":"a","value":1}
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Remote.Hosting;
using AkkaRunGroup.Cluster;
using AkkaRunGroup.Hosting;
using AkkaRunGroup.Samples;
using ClusterService;
using OpenTelemetry.Metrics;

// An answer within 2 s, asked up to 3 times: a request is answered or refused within about 6 s.
var askTimeout = TimeSpan.FromSeconds(2);
const int askAttempts = 3;

var (options, exitCode) = ServiceCommandLine.Parse(args);
if (options is null)
{
    return exitCode;
}

// The flags are the sample's own: ASP.NET Core reads its configuration from appsettings.json beside the dll and the
// environment (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, Shutdown__DrainDelay...), not from args.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
ShutdownBudget budget;
Journal journal;
try
{
    budget = ShutdownBudget.Read(builder.Configuration, options.DrainDelay);
    journal = options.DbProvider is { } provider ? new Journal(provider, options.DbConnection!) : Journal.Sqlite(options.DbPath);
}
catch (Exception e) when (e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"cluster-service: {e.Message}");
    return SampleCommandLine.UsageError;
}

WebSample.UseUrls(builder, options.Urls, ServiceOptions.DefaultUrl);

builder.Logging.ClearProviders().AddSimpleConsole(o => (o.SingleLine, o.TimestampFormat) = (true, "HH:mm:ss.fff "));
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = budget.HostShutdownTimeout);
builder.Services.AddRunGroupHealthChecks(); // serves the group's checks, and keeps Kestrel serving during the drain
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddRunGroupInstrumentation().AddPrometheusExporter());
builder.Services.AddAkka(ServiceOptions.SystemName, akka =>
{
    akka.WithActorSystemLivenessCheck() // Akka.Hosting's own check, tagged "liveness" as the group's liveness check is
        .ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = Akka.Event.LogLevel.InfoLevel; // the run group's lines need Info; appsettings.json keeps Akka's own at Warning
            loggers.ClearLoggers();
            loggers.AddLoggerFactory();
        })
        .AddHocon(ClusterTuning.Hocon + "\n" + budget.ToHocon(), HoconAddMode.Prepend)
        .WithRemoting(options.Hostname, options.Port)
        .WithClustering(new ClusterOptions
        {
            SeedNodes = options.Seeds.Select(s => $"akka.tcp://{ServiceOptions.SystemName}@{s}").ToArray(),
            SplitBrainResolver = new KeepMajorityOption(),
            // A node is unreachable after 3 s without heartbeats: a crash is noticed quickly, a GC pause is not one.
            FailureDetector = new PhiAccrualFailureDetectorOptions { AcceptableHeartbeatPause = TimeSpan.FromSeconds(3) },
        })
        .WithShardRegion<Counter>(
            "counter",
            id => Props.Create(() => new Counter(id)),
            new Counter.MessageExtractor(),
            new ShardOptions { HandOffStopMessage = Counter.Stop.Instance })
        .WithRunGroup(run =>
        {
            run.Name = "node";
            run.DrainDelay = budget.DrainDelay;
            run.InterruptTimeout = budget.InterruptTimeout;
            // No seeds here: Akka.Cluster.Hosting's seed nodes, or bootstrap, join the node; the member waits for Up.
            // Readiness also waits for the journal: JournalCheck reports ready once it could read it.
            run.Configure = (group, _, _) => group
                .AddClusterMember()
                .AddActor(Props.Create(() => new JournalCheck($"{options.Hostname}-{options.Port}")), "journal", interruptMessage: null, reportsReady: true);
        });
    journal.AddTo(akka);
    if (options.Bootstrap)
    {
        AddBootstrap(akka, options);
    }
});

await using var app = builder.Build();
var node = app.Services.GetRunGroup("node");

app.MapPost("/counters/{id}", (string id, HttpRequest request, IRequiredActor<Counter> counters, ActorSystem system, CancellationToken aborted) =>
{
    // The caller's id makes its own retry safe too (send it again, to any node, with the same header).
    var requestId = request.Headers["Idempotency-Key"].ToString();
    if (requestId.Length > 100)
    {
        return Task.FromResult(Results.BadRequest(new { Error = "an Idempotency-Key is at most 100 characters" }));
    }

    requestId = requestId.Length > 0 ? requestId : Guid.NewGuid().ToString("N");
    return AskCounter(id, new Counter.Increment(id, requestId), counters, aborted, value => Results.Ok(new
    {
        value.Id,
        value.Value,
        Node = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), // the node that answered
        EntityNode = value.Node,                                         // the node the counter runs on
        RequestId = requestId,
    }));
});
app.MapGet("/counters/{id}", (string id, IRequiredActor<Counter> counters, CancellationToken aborted) =>
    AskCounter(id, new Counter.Get(id), counters, aborted, value => Results.Ok(new { value.Id, value.Value })));
app.MapHealthChecks("/healthz/ready", WebSample.HealthChecksTagged("ready"));
app.MapHealthChecks("/healthz/live", WebSample.HealthChecksTagged("liveness"));
app.MapPrometheusScrapingEndpoint(); // /metrics

app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine(
    $"cluster-service: stop received; draining for {budget.DrainDelay.TotalSeconds:0.###} s, then hand-off and leave (budget {budget.HostShutdownTimeout.TotalSeconds:0} s)"));

await app.StartAsync();
Console.WriteLine(
    $"cluster-service: pid {Environment.ProcessId}, node akka.tcp://{ServiceOptions.SystemName}@{options.Hostname}:{options.Port}, " +
    $"{(options.Bootstrap ? $"bootstrap with {options.Discovery} discovery" : $"seeds {string.Join(", ", options.Seeds)}")}, journal {journal}; {node.State}");
if (options.Seeds is [var onlySeed] && onlySeed == new HostPort(options.Hostname, options.Port))
{
    // Right for a node alone; with others running, a node restarted like this forms a second cluster.
    Console.WriteLine("cluster-service: this node is its only seed: it forms a cluster of its own; give every node all the seeds to join the others");
}

await app.WaitForShutdownAsync();

var result = await node.Completion;
Console.WriteLine($"cluster-service: {result}");
Console.WriteLine($"cluster-service: exit code {Environment.ExitCode}");
return Environment.ExitCode;

// Asks the counter through the shard region, and asks again, with the same command, what was not answered within an
// attempt: Akka's hand-off drops the few messages that reach a region in the middle of it, and an increment carries
// its request id, so a repeat is never counted twice. No answer within every attempt is a 503 with a JSON body.
async Task<IResult> AskCounter(string id, Counter.ICommand command, IRequiredActor<Counter> counters, CancellationToken aborted, Func<Counter.CounterValue, IResult> answer)
{
    if (!EntityId().IsMatch(id))
    {
        return Results.BadRequest(new { Error = "a counter id is 1 to 64 letters, digits, '_' or '-'" });
    }

    Exception? last = null;
    for (var attempt = 1; attempt <= askAttempts && !aborted.IsCancellationRequested; attempt++)
    {
        try
        {
            var region = await counters.GetAsync(aborted);
            return answer(await region.Ask<Counter.CounterValue>(command, askTimeout, aborted));
        }
        catch (AskTimeoutException e)
        {
            last = e;
        }
        catch (Exception e) when (!aborted.IsCancellationRequested)
        {
            last = e;
            break;
        }
    }

    return Results.Json(new { Error = $"counter '{id}' did not answer: {last?.Message}" }, statusCode: StatusCodes.Status503ServiceUnavailable);
}

// Akka.Management's HTTP endpoint and Cluster Bootstrap; only the discovery method differs between config and Kubernetes.
static void AddBootstrap(AkkaConfigurationBuilder akka, ServiceOptions options)
{
    akka.WithAkkaManagement(options.Hostname, options.ManagementPort)
        .WithClusterBootstrap(bootstrap =>
        {
            bootstrap.ContactPointDiscovery.ServiceName = ServiceOptions.SystemName;
            bootstrap.ContactPointDiscovery.RequiredContactPointsNr = options.RequiredContacts;
            // Kubernetes lists each pod's ports by name; config discovery lists management endpoints only.
            bootstrap.ContactPointDiscovery.PortName = options.Discovery == DiscoveryKind.Kubernetes ? "management" : null;
            // Several nodes on one host have their management on different ports: keep every endpoint listed.
            bootstrap.ContactPoint.FilterOnFallbackPort = false;
        });
    if (options.Discovery == DiscoveryKind.Kubernetes)
    {
        akka.WithKubernetesDiscovery(options.PodLabelSelector);
    }
    else
    {
        akka.WithConfigDiscovery(discovery => discovery.Services =
        [
            new Service { Name = ServiceOptions.SystemName, Endpoints = options.Contacts.Select(c => c.ToString()).ToArray() },
        ]);
    }
}


internal static partial class Program
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex EntityId();
}
