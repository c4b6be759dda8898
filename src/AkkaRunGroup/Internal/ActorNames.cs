namespace AkkaRunGroup.Internal;

/// <summary>INTERNAL API. Maps any group or member name to a valid, readable actor name.</summary>
internal static class ActorNames
{
    private const int MaxLength = 120;

    /// <summary>
    /// The actor name of member <paramref name="index"/>: its name, percent-escaped where Akka would refuse a
    /// character. Escaping keeps distinct names distinct; a name too long for a path is cut and made unique by its
    /// index.
    /// </summary>
    public static string ForMember(string name, int index)
    {
        var escaped = Uri.EscapeDataString(name);
        return escaped.Length <= MaxLength ? escaped : $"{Cut(escaped)}~{index}";
    }

    /// <summary>The actor name of a group's supervisor, before it is made unique among the system's actors.</summary>
    public static string ForGroup(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        return escaped.Length <= MaxLength ? escaped : Cut(escaped);
    }

    private static string Cut(string escaped)
    {
        var end = MaxLength;
        // Never cut inside a %XX escape.
        var percent = escaped.LastIndexOf('%', end - 1, 3);
        if (percent >= 0 && percent > end - 3)
        {
            end = percent;
        }

        return escaped[..end];
    }
}
