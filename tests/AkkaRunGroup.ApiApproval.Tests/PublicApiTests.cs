using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Xunit;

namespace AkkaRunGroup.ApiApproval.Tests;

/// <summary>
/// The public API of every package is written down in <c>approved/&lt;assembly&gt;.txt</c>, so that any change to it
/// shows in review. When a change is intended, the test writes <c>&lt;assembly&gt;.received.txt</c> next to the approved
/// file: review it and rename it over the approved one.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Assemblies => new()
    {
        typeof(RunGroup).Assembly.GetName().Name!,
        typeof(TestKit.TestMember).Assembly.GetName().Name!,
        typeof(Hosting.RunGroupHandle).Assembly.GetName().Name!,
        typeof(Cluster.ClusterMembershipException).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_public_api_matches_the_approved_file(string assemblyName)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == assemblyName);
        var api = Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        var approvedPath = Path.Combine(ApprovedFolder(), $"{assemblyName}.txt");
        var receivedPath = Path.Combine(ApprovedFolder(), $"{assemblyName}.received.txt");
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : "";

        if (api == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, api);
        Assert.Fail($"The public API of {assemblyName} changed. Review {receivedPath} and, if intended, move it to {approvedPath}.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";

    private static string ApprovedFolder([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "approved");
}
