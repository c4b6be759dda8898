namespace AkkaRunGroup;

/// <summary>How a run of a <see cref="RunGroup"/> ended: the error that stopped it and how every member ended.</summary>
public sealed class RunResult
{
    internal RunResult(string group, Exception? error, string? firstExited, IReadOnlyList<MemberOutcome> members, TimeSpan elapsed)
    {
        Group = group;
        Error = error;
        FirstExited = firstExited;
        Members = members;
        Elapsed = elapsed;
    }

    /// <summary>The name of the group that ran.</summary>
    public string Group { get; }

    /// <summary>
    /// The error that interrupted the group: the exit error of the first member to exit, or the error the group was
    /// interrupted with from outside (an <see cref="OperationCanceledException"/> for a cancelled run, an
    /// <see cref="ActorSystemTerminatedException"/> when the ActorSystem terminated).
    /// </summary>
    /// <value>Null when the first member to exit returned cleanly, and for an empty group.</value>
    public Exception? Error { get; }

    /// <summary>The name of the first member to exit, whose exit interrupted the group.</summary>
    /// <value>Null for an empty group, and when the group was interrupted from outside before any member exited.</value>
    public string? FirstExited { get; }

    /// <summary>One outcome per member, in the order the members were added.</summary>
    public IReadOnlyList<MemberOutcome> Members { get; }

    /// <summary>The time from the start of the run to its completion.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The members that were still running when the interrupt timeout elapsed.</summary>
    public IEnumerable<MemberOutcome> Abandoned => Members.Where(m => m.Abandoned);

    /// <summary>A one-line summary: the group, who exited first and with what error.</summary>
    /// <returns>For example <c>run group 'api': 'db' exited first with InvalidOperationException: gone; 3 members</c>.</returns>
    public override string ToString()
    {
        var first = FirstExited is null ? "interrupted from outside" : $"'{FirstExited}' exited first";
        var error = Internal.ExitText.Describe(Error);
        var abandoned = Members.Count(m => m.Abandoned);
        var tail = abandoned == 0 ? "" : $", {abandoned} abandoned";
        return Members.Count == 0
            ? $"run group '{Group}': no members"
            : $"run group '{Group}': {first} {error}; {Members.Count} member{(Members.Count == 1 ? "" : "s")}{tail}";
    }
}
