namespace AkkaRunGroup.Docs.Tests;

/// <summary>How a block is compiled, as its fence says: the word after <c>csharp</c>.</summary>
public enum SnippetKind
{
    /// <summary><c>```csharp</c>: a complete file of a project on Microsoft.NET.Sdk (<c>dotnet new console</c>), with its implicit usings.</summary>
    Console,

    /// <summary><c>```csharp web</c>: a complete file of a <c>dotnet new web</c> project, with that project's implicit usings.</summary>
    Web,

    /// <summary><c>```csharp fragment</c>: code that uses the names and usings of <see cref="SnippetPrelude.Fragment"/> without declaring them.</summary>
    Fragment,

    /// <summary><c>```csharp no-compile</c>: not compiled; the text beside the block says why.</summary>
    NoCompile,
}
