namespace ClusterService;

/// <summary>What the command line asked for, validated: every value here is usable as it is.</summary>
internal sealed record ServiceOptions
{
    /// <summary>The ActorSystem's name; seeds and contact points are addresses of systems of this name.</summary>
    public const string SystemName = "cluster-service";

    /// <summary>Kestrel's URLs; null: ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS if set, else <see cref="DefaultUrl"/>.</summary>
    public string? Urls { get; init; }

    /// <summary>The URL used when neither <c>--urls</c> nor ASP.NET Core's environment names one.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The host name Akka remoting (and Akka.Management) binds and advertises.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The Akka remoting port.</summary>
    public int Port { get; init; } = 4053;

    /// <summary>The seed nodes, as host and port of systems named <see cref="SystemName"/>.</summary>
    public IReadOnlyList<HostPort> Seeds { get; init; } = [];

    /// <summary>The SQLite file when <see cref="DbProvider"/> is null.</summary>
    public string DbPath { get; init; } = "cluster-service.db";

    /// <summary>A Linq2db provider name for a server database; null: SQLite at <see cref="DbPath"/>.</summary>
    public string? DbProvider { get; init; }

    /// <summary>The server database's connection string; set exactly when <see cref="DbProvider"/> is.</summary>
    public string? DbConnection { get; init; }

    /// <summary>The drain; null: the shutdown budget's default.</summary>
    public TimeSpan? DrainDelay { get; init; }

    /// <summary>Form the cluster with Akka.Management's Cluster Bootstrap instead of seed nodes.</summary>
    public bool Bootstrap { get; init; }

    /// <summary>Akka.Management's HTTP port (bootstrap only).</summary>
    public int ManagementPort { get; init; } = 8558;

    /// <summary>How bootstrap finds the contact points.</summary>
    public DiscoveryKind Discovery { get; init; } = DiscoveryKind.Config;

    /// <summary>The Akka.Management endpoints of the nodes (config discovery).</summary>
    public IReadOnlyList<HostPort> Contacts { get; init; } = [];

    /// <summary>How many contact points bootstrap must see before it forms a new cluster; null: Akka.Management's default.</summary>
    public int? RequiredContacts { get; init; }

    /// <summary>The Kubernetes pod label selector; <c>{0}</c> stands for the service name.</summary>
    public string PodLabelSelector { get; init; } = "app={0}";
}

/// <summary>A host and a port, as given on the command line.</summary>
internal sealed record HostPort(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>The discovery methods bootstrap can use.</summary>
internal enum DiscoveryKind
{
    /// <summary>The endpoints listed with <c>--contact</c>.</summary>
    Config,

    /// <summary>The pods the Kubernetes API lists for the label selector.</summary>
    Kubernetes,
}
