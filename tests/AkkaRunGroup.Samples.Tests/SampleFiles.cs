using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>What a sample's own files say: the shutdown settings of its appsettings.json, and the health endpoints its Program.cs maps.</summary>
internal static partial class SampleFiles
{
    /// <summary>The duration <paramref name="key"/> of the <c>Shutdown</c> section of the sample's appsettings.json.</summary>
    public static TimeSpan ShutdownSetting(string sample, string key)
    {
        using var settings = JsonDocument.Parse(
            Repository.Read("samples", sample, "appsettings.json"), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        Assert.True(settings.RootElement.GetProperty("Shutdown").TryGetProperty(key, out var value), $"samples/{sample}/appsettings.json has no Shutdown:{key}");
        return TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>The path the sample maps to the health checks tagged <paramref name="tag"/> (<c>ready</c>, <c>liveness</c>).</summary>
    public static string HealthCheckPath(string sample, string tag) =>
        MappedHealthCheck().Matches(Repository.Read("samples", sample, "Program.cs")).Single(m => m.Groups["tag"].Value == tag).Groups["path"].Value;

    [GeneratedRegex(@"MapHealthChecks\(""(?<path>[^""]+)"",\s*WebSample\.HealthChecksTagged\(""(?<tag>\w+)""\)\)")]
    private static partial Regex MappedHealthCheck();
}
