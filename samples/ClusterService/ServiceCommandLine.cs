using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AkkaRunGroup.Samples;

namespace ClusterService;

/// <summary>
/// The sample's flags, in the convention every sample shares (<see cref="SampleCommandLine"/>): a bad command line is
/// one line on stderr and exit code 2, before anything starts; <c>--help</c> prints the usage and exits 0.
/// </summary>
internal static class ServiceCommandLine
{
    private static readonly Option<string?> Urls = SampleCommandLine.Urls(
        $"Kestrel's URLs, ';'-separated (default: ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS, else {ServiceOptions.DefaultUrl}); port 0 picks a free port");

    private static readonly Option<string> Hostname = new("--hostname")
    {
        Description = "the host name Akka remoting and Akka.Management bind and advertise",
        DefaultValueFactory = _ => "127.0.0.1",
        CustomParser = r => ParseHost(r, r.Tokens[0].Value),
    };

    private static readonly Option<int> Port = new("--port")
    {
        Description = "the Akka remoting port",
        DefaultValueFactory = _ => 4053,
        CustomParser = r => ParsePort(r, r.Tokens[0].Value),
    };

    private static readonly Option<HostPort[]> Seeds = new("--seed")
    {
        Description = $"a seed node's host:port (repeatable): akka.tcp://{ServiceOptions.SystemName}@host:port",
        CustomParser = r => r.Tokens.Select(t => ParseHostPort(r, t.Value)).ToArray(),
    };

    private static readonly Option<string> Db = new("--db")
    {
        Description = "the SQLite file shared by the nodes of this machine (default: cluster-service.db here)",
        CustomParser = r => r.Tokens[0].Value is { Length: > 0 } path ? path : Error(r, "--db: the path is empty"),
    };

    private static readonly Option<string?> DbProvider = new("--db-provider")
    {
        Description = "a Linq2db provider name for a server database (PostgreSQL.15, SqlServer.2022, ...); needs --db-connection and its ADO.NET driver",
    };

    private static readonly Option<string?> DbConnection = new("--db-connection")
    {
        Description = "the server database's connection string (with --db-provider)",
    };

    private static readonly Option<TimeSpan?> DrainDelay =
        SampleCommandLine.Duration("--drain-delay", "how long readiness fails before the node stops (default: appsettings.json Shutdown:DrainDelay)", null);

    private static readonly Option<bool> Bootstrap = new("--bootstrap")
    {
        Description = "form the cluster with Akka.Management Cluster Bootstrap instead of --seed",
    };

    private static readonly Option<int> ManagementPort = new("--management-port")
    {
        Description = "Akka.Management's HTTP port (with --bootstrap)",
        DefaultValueFactory = _ => 8558,
        CustomParser = r => ParsePort(r, r.Tokens[0].Value),
    };

    private static readonly Option<string> Discovery = new Option<string>("--discovery")
    {
        Description = "how bootstrap finds the contact points: config (the --contact list) or kubernetes (pods by label)",
        DefaultValueFactory = _ => "config",
    }.AcceptOnlyFromAmong("config", "kubernetes");

    private static readonly Option<HostPort[]> Contacts = new("--contact")
    {
        Description = "a node's Akka.Management host:port (repeatable; config discovery)",
        CustomParser = r => r.Tokens.Select(t => ParseHostPort(r, t.Value)).ToArray(),
    };

    private static readonly Option<int?> RequiredContacts = new("--required-contacts")
    {
        Description = "contact points bootstrap must see before it forms a new cluster (default: the number of --contact, else Akka.Management's)",
        CustomParser = r => int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : Error(r, $"--required-contacts: '{r.Tokens[0].Value}' is not a positive number", (int?)null),
    };

    private static readonly Option<string> PodLabelSelector = new("--pod-label-selector")
    {
        Description = "the Kubernetes label selector of the pods ({0}: the service name)",
        DefaultValueFactory = _ => "app={0}",
    };

    /// <summary>Parses <paramref name="args"/>: the options, or the exit code to end with (0 after --help, 2 after an error).</summary>
    public static (ServiceOptions? Options, int ExitCode) Parse(string[] args)
    {
        var root = new RootCommand("cluster-service: a node of a sharded, persistent counter service on Akka.Cluster, run as a run group")
        {
            Urls, Hostname, Port, Seeds, Db, DbProvider, DbConnection, DrainDelay,
            Bootstrap, ManagementPort, Discovery, Contacts, RequiredContacts, PodLabelSelector,
        };
        root.Validators.Add(CheckCombinations);
        var (result, exitCode) = SampleCommandLine.Parse(root, args, "cluster-service");
        if (result is null)
        {
            return (null, exitCode);
        }

        var contacts = result.GetValue(Contacts) ?? [];
        return (new ServiceOptions
        {
            Urls = result.GetValue(Urls),
            Hostname = result.GetValue(Hostname)!,
            Port = result.GetValue(Port),
            Seeds = result.GetValue(Seeds) ?? [],
            DbPath = result.GetValue(Db) ?? "cluster-service.db",
            DbProvider = result.GetValue(DbProvider),
            DbConnection = result.GetValue(DbConnection),
            DrainDelay = result.GetValue(DrainDelay),
            Bootstrap = result.GetValue(Bootstrap),
            ManagementPort = result.GetValue(ManagementPort),
            Discovery = result.GetValue(Discovery) == "kubernetes" ? DiscoveryKind.Kubernetes : DiscoveryKind.Config,
            Contacts = contacts,
            RequiredContacts = result.GetValue(RequiredContacts) ?? (contacts.Length > 0 ? contacts.Length : null),
            PodLabelSelector = result.GetValue(PodLabelSelector)!,
        }, 0);
    }

    // Rules that concern more than one flag.
    private static void CheckCombinations(CommandResult command)
    {
        bool Given(Option option) => command.GetResult(option) is { Implicit: false };

        if (command.GetValue(Bootstrap))
        {
            if (Given(Seeds))
            {
                command.AddError("--seed and --bootstrap exclude each other: bootstrap finds the seed nodes itself");
            }
            else if (command.GetValue(Discovery) is null or "config" && !Given(Contacts))
            {
                command.AddError("--bootstrap with --discovery config needs the nodes' management endpoints: --contact host:port (repeatable)");
            }
        }
        else if (!Given(Seeds))
        {
            command.AddError("give the seed nodes (--seed host:port, repeatable) or --bootstrap");
        }
        else if (new Option[] { ManagementPort, Discovery, Contacts, RequiredContacts, PodLabelSelector }.FirstOrDefault(Given) is { } option)
        {
            command.AddError($"{option.Name} needs --bootstrap");
        }

        if (Given(DbProvider) != Given(DbConnection))
        {
            command.AddError("--db-provider and --db-connection go together");
        }
        else if (Given(DbProvider) && Given(Db))
        {
            command.AddError("--db names a SQLite file; it does not go with --db-provider");
        }
    }

    private static HostPort ParseHostPort(ArgumentResult result, string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return Error(result, $"{Name(result)}: '{text}' is not host:port (for example 127.0.0.1:4053)", new HostPort("", 0));
        }

        return new HostPort(ParseHost(result, text[..colon]), ParsePort(result, text[(colon + 1)..]));
    }

    private static string ParseHost(ArgumentResult result, string host) =>
        Uri.CheckHostName(host) != UriHostNameType.Unknown ? host : Error(result, $"{Name(result)}: '{host}' is not a host name or IP address");

    private static int ParsePort(ArgumentResult result, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : Error(result, $"{Name(result)}: '{text}' is not a port (0 to 65535)", 0);

    private static string Name(ArgumentResult result) => ((OptionResult)result.Parent!).Option.Name;

    private static string Error(ArgumentResult result, string message) => Error(result, message, "");

    private static T Error<T>(ArgumentResult result, string message, T placeholder)
    {
        result.AddError(message);
        return placeholder;
    }
}
