using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>Real Generic Hosts running Akka.Hosting, for the tests.</summary>
internal static class TestHost
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A host with an ActorSystem configured by <paramref name="akka"/>; the tests start and stop it.</summary>
    public static IHost Build(Action<AkkaConfigurationBuilder> akka, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka("hosting-tests", b => akka(b.AddHocon("akka.loglevel = INFO", HoconAddMode.Prepend)));
        configure?.Invoke(builder);
        return builder.Build();
    }

    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(Bound);

    public static Task Bounded(this Task task) => task.WaitAsync(Bound);

    public static TaskCompletionSource<T> NewTcs<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs <paramref name="test"/>, then puts back the process's exit code, which hosted groups may set.</summary>
    public static async Task PreservingExitCode(Func<Task> test)
    {
        var before = Environment.ExitCode;
        try
        {
            await test();
        }
        finally
        {
            Environment.ExitCode = before;
        }
    }
}
