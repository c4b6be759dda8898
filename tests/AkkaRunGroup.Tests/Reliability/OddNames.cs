using System.Text;
using CsCheck;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// The odd member names of random groups: names Akka would refuse as actor names, and families of names that
/// escaping and cutting map to one actor name. A group with odd names gives them to about half of its members.
/// </summary>
public static class OddNames
{
    /// <summary>Where the library cuts an escaped actor name.</summary>
    private const int CutAt = 120;

    private static readonly string Slashed = new string('x', 118) + "/" + new string('y', 40);
    private static readonly string Long = new('z', 150);

    /// <summary>
    /// The pool. Each family collides once escaped and cut: the lone surrogates and the replacement character
    /// (all <c>%EF%BF%BD</c>); a name of 159 characters whose escape at 118 is cut away and the literal name of its
    /// first 118; a name of 150 and the literal name of its first 120; and names spelled like the numbered form a
    /// colliding name may get (its first 108 characters, <c>~</c> and its index).
    /// </summary>
    public static string[] Pool { get; } =
    [
        "\uD800", "\uDC00", "\uFFFD", "%EF%BF%BD",
        Slashed, Slashed[..118],
        Long, Long[..CutAt], Long[..108] + "~1", Long[..108] + "~2",
        "a/b", "/", "100%", "%", " ", "two words", "$", "$dollar",
    ];

    /// <summary>A member's name: one of the pool half of the time, otherwise null (its default name).</summary>
    public static Gen<string?> Names { get; } =
        Gen.Int[-Pool.Length, Pool.Length - 1].Select(i => i < 0 ? null : Pool[i]);

    /// <summary>
    /// The actor name the library would make of <paramref name="name"/> before making it unique: escaped, then cut
    /// at 120 characters but never inside an escape. Only for counting collisions in the coverage.
    /// </summary>
    public static string EscapedAndCut(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        if (escaped.Length <= CutAt)
        {
            return escaped;
        }

        var percent = escaped.LastIndexOf('%', CutAt - 1, 3);
        return escaped[..(percent > CutAt - 3 ? percent : CutAt)];
    }

    /// <summary>
    /// <paramref name="text"/> fit to print: characters outside printable ASCII as <c>\uXXXX</c>, runs of more than 8
    /// of one character as <c>c*count</c>.
    /// </summary>
    public static string Printable(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            var run = 1;
            while (i + run < text.Length && text[i + run] == c)
            {
                run++;
            }

            var one = c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}";
            if (run > 8)
            {
                sb.Append(one).Append('*').Append(run);
            }
            else
            {
                sb.Insert(sb.Length, one, run);
            }

            i += run;
        }

        return sb.ToString();
    }
}
