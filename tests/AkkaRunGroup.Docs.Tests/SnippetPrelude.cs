namespace AkkaRunGroup.Docs.Tests;

/// <summary>
/// What a block is compiled with besides its own code, as a second file of its compilation: the global usings the
/// .NET SDK's implicit usings give the project the block would be pasted into and, for a fragment, the names it may
/// use without declaring them.
/// </summary>
public static class SnippetPrelude
{
    /// <summary>The implicit usings of Microsoft.NET.Sdk, which <c>dotnet new console</c> projects get.</summary>
    public const string Console = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;

        """;

    /// <summary>The implicit usings of Microsoft.NET.Sdk.Web, which <c>dotnet new web</c> projects get: Console's and these.</summary>
    public const string Web = Console + """
        global using System.Net.Http.Json;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;

        """;

    /// <summary>
    /// A fragment's scope: Web's usings, those of Akka.NET, AkkaRunGroup and the sockets the recipes use, and four names:
    /// <c>group</c> (a <see cref="RunGroup"/> to add members to), <c>system</c> (an ActorSystem to run it on),
    /// <c>builder</c> (a WebApplicationBuilder, whose <c>Services</c> the hosting fragments configure) and
    /// <c>stoppingToken</c> (a CancellationToken). A fragment that declares one of these names hides it. A fragment may
    /// have usings of its own, and types after its statements, as a Program.cs may.
    /// </summary>
    public const string Fragment = Web + """
        global using System.Net;
        global using System.Net.Sockets;
        global using Akka.Actor;
        global using Akka.Hosting;
        global using AkkaRunGroup;
        global using AkkaRunGroup.Hosting;
        global using static SnippetScope;

        internal static class SnippetScope
        {
            public static readonly RunGroup group = new("docs");
            public static readonly ActorSystem system = ActorSystem.Create("docs");
            public static readonly WebApplicationBuilder builder = WebApplication.CreateBuilder();
            public static readonly CancellationToken stoppingToken = CancellationToken.None;
        }

        """;

    /// <summary>The prelude of a block of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A <see cref="SnippetKind.NoCompile"/> block has none.</exception>
    public static string For(SnippetKind kind) => kind switch
    {
        SnippetKind.Console => Console,
        SnippetKind.Web => Web,
        SnippetKind.Fragment => Fragment,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a no-compile block is not compiled"),
    };
}
