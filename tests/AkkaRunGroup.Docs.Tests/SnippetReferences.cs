using System.Reflection;
using Microsoft.CodeAnalysis;

namespace AkkaRunGroup.Docs.Tests;

/// <summary>
/// The assemblies a block compiles against: those this test process runs with (the runtime's trusted platform
/// assemblies: .NET, ASP.NET Core, and the packages and libraries of this project's deps.json) and the managed
/// assemblies of its output folder, one per name, the runtime's first. Nothing names a path: the runtime says where
/// they are. This project's references decide what a block may use.
/// </summary>
public static class SnippetReferences
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Loaded = new(Collect);

    /// <summary>The references, read once per test run and shared by every compilation.</summary>
    public static IReadOnlyList<MetadataReference> All => Loaded.Value;

    private static IReadOnlyList<MetadataReference> Collect()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var shipped = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        var self = typeof(SnippetReferences).Assembly.GetName().Name;
        return trusted.Concat(shipped)
            .Select(path => (Path: path, Name: ManagedAssemblyName(path)))
            .Where(assembly => assembly.Name is not null && assembly.Name != self)
            .DistinctBy(assembly => assembly.Name, StringComparer.OrdinalIgnoreCase)
            .Select(assembly => (MetadataReference)MetadataReference.CreateFromFile(assembly.Path))
            .ToList();
    }

    private static string? ManagedAssemblyName(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path).Name;
        }
        catch (BadImageFormatException)
        {
            return null; // a native library beside the managed ones
        }
    }
}
