using System.Globalization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AkkaRunGroup.Samples;

/// <summary>
/// What the web samples do alike: where Kestrel listens, how a health endpoint answers, and how a duration of their
/// shutdown settings is read. Compiled into each web sample.
/// </summary>
internal static class WebSample
{
    /// <summary>
    /// Listens on <paramref name="urls"/> when the command line gave them; else where ASP.NET Core's environment says
    /// (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>, <c>ASPNETCORE_HTTPS_PORTS</c>, which the official images set);
    /// else on <paramref name="loopback"/>.
    /// </summary>
    public static void UseUrls(WebApplicationBuilder builder, string? urls, string loopback)
    {
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }
        else if (builder.Configuration["urls"] is null && builder.Configuration["http_ports"] is null && builder.Configuration["https_ports"] is null)
        {
            builder.WebHost.UseUrls(loopback);
        }
    }

    /// <summary>The checks the group registered, chosen by tag; the answer names each check's state in words.</summary>
    public static HealthCheckOptions HealthChecksTagged(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResponseWriter = (context, report) => context.Response.WriteAsync(
            $"{report.Status}: {string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Description}"))}\n"),
    };

    /// <summary>The duration <paramref name="key"/> of <paramref name="section"/>, written <c>00:00:05</c>.</summary>
    /// <exception cref="InvalidOperationException">The value is missing, negative or not a duration; the message names the key.</exception>
    public static TimeSpan Duration(IConfigurationSection section, string key) =>
        TimeSpan.TryParse(section[key], CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero
            ? value
            : throw new InvalidOperationException($"{section.Path}:{key} = '{section[key]}' is not a duration such as 00:00:05");
}
