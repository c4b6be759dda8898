namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The turns of a reverse-order interrupt: one member at a time, last added first. Owned by the
/// GroupSupervisor, which interrupts the member each turn gives it and asks for the next turn once that member is
/// done, or once the turn's interrupt timeout elapsed.
/// </summary>
internal sealed class ReverseOrder(MemberRecord[] members)
{
    private int _next = members.Length - 1;

    /// <summary>The member whose turn it is; null before the first turn and after the last.</summary>
    public MemberRecord? Current { get; private set; }

    /// <summary>Gives the next member with something to interrupt (a member that could not start has nothing).</summary>
    /// <returns>The member whose turn has come; null when every member has had its turn.</returns>
    public MemberRecord? NextTurn()
    {
        while (_next >= 0)
        {
            var member = members[_next--];
            if (!member.Has(MemberLife.InterruptReturned))
            {
                return Current = member;
            }
        }

        return Current = null;
    }
}
