namespace AkkaRunGroup.Internal;

/// <summary>INTERNAL API. Maps group and member names to valid, readable and unique actor names.</summary>
internal static class ActorNames
{
    private const int MaxLength = 120;

    /// <summary>
    /// The actor names of a group's members, in Add order: each name percent-escaped where Akka would refuse a
    /// character and cut when too long for a path. Escaping and cutting can map distinct names to one actor name
    /// (lone surrogates all escape to the replacement character's bytes; a cut name can equal a literal one), so a
    /// name that is already taken gets the member's index: <c>name~index</c>. No two members share an actor name.
    /// </summary>
    public static string[] ForMembers(Member[] members)
    {
        var result = new string[members.Length];
        var changed = false;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Escape(members[i].Name);
            changed |= !ReferenceEquals(result[i], members[i].Name);
        }

        // Member names are distinct, so names that escaping and cutting left as they were cannot collide.
        return changed ? MadeUnique(result) : result;
    }

    private static string[] MadeUnique(string[] names)
    {
        var taken = new HashSet<string>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (!taken.Add(name))
            {
                // '~' is escaped by nothing here, but an escaped name may end in "~N" too: number until free.
                var numbered = $"{Cut(name, MaxLength - 12)}~{i}";
                for (var n = 2; !taken.Add(numbered); n++)
                {
                    numbered = $"{Cut(name, MaxLength - 12)}~{i}~{n}";
                }

                name = numbered;
            }

            names[i] = name;
        }

        return names;
    }

    /// <summary>The actor name of a group's supervisor, before it is made unique among the system's actors.</summary>
    public static string ForGroup(string name) => Escape(name);

    private static string Escape(string name) => Cut(Uri.EscapeDataString(name), MaxLength);

    private static string Cut(string escaped, int max)
    {
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var end = max;
        // Never cut inside a %XX escape.
        var percent = escaped.LastIndexOf('%', end - 1, 3);
        if (percent >= 0 && percent > end - 3)
        {
            end = percent;
        }

        return escaped[..end];
    }
}
