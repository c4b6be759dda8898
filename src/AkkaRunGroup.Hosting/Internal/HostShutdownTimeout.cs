using Microsoft.Extensions.Options;

namespace AkkaRunGroup.Hosting.Internal;

/// <summary>
/// INTERNAL API. The Generic Host's <c>HostOptions.ShutdownTimeout</c>, read from the host's services.
/// </summary>
/// <remarks>
/// HostOptions lives in Microsoft.Extensions.Hosting, the Host's implementation, while this library depends only on the
/// hosting abstractions. Only that Host registers <c>IOptions&lt;HostOptions&gt;</c>, and where it runs its assembly is
/// loaded, so the type is looked up by name there; elsewhere the Host's default applies.
/// </remarks>
internal static class HostShutdownTimeout
{
    /// <summary>The default of <c>HostOptions.ShutdownTimeout</c>.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    private static readonly Type? OptionsType = Type.GetType("Microsoft.Extensions.Hosting.HostOptions, Microsoft.Extensions.Hosting", throwOnError: false)
        is { } hostOptions ? typeof(IOptions<>).MakeGenericType(hostOptions) : null;

    /// <summary>The host's shutdown timeout; <see cref="Default"/> when no HostOptions is registered.</summary>
    public static TimeSpan Of(IServiceProvider services)
    {
        var options = OptionsType is null ? null : services.GetService(OptionsType);
        var value = options is null ? null : OptionsType!.GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
        return value?.GetType().GetProperty("ShutdownTimeout")?.GetValue(value) is TimeSpan timeout ? timeout : Default;
    }
}
