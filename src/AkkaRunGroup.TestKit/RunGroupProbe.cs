using Akka.TestKit;

namespace AkkaRunGroup.TestKit;

/// <summary>
/// Waits for run group events on an ActorSystem's EventStream. Each <c>Expect</c> method skips the events that do not
/// match (other members, other groups, other kinds) until the one it waits for arrives, and fails with a
/// <see cref="TimeoutException"/> listing what it saw otherwise.
/// </summary>
/// <remarks>Create it with <see cref="RunGroupTestExtensions.CreateRunGroupProbe"/>.</remarks>
public sealed class RunGroupProbe
{
    private readonly string? _group;
    private readonly TimeSpan _defaultTimeout;

    internal RunGroupProbe(TestProbe probe, string? group, TimeSpan defaultTimeout)
    {
        Probe = probe;
        _group = group;
        _defaultTimeout = defaultTimeout;
    }

    /// <summary>The underlying probe, subscribed to <see cref="RunGroupEvent"/>.</summary>
    public TestProbe Probe { get; }

    /// <summary>Waits for the <see cref="MemberStarted"/> of <paramref name="member"/>.</summary>
    /// <param name="member">The member's name.</param>
    /// <param name="timeout">The bound; null for the TestKit's default.</param>
    /// <returns>The event.</returns>
    /// <exception cref="TimeoutException">It did not arrive in time.</exception>
    public Task<MemberStarted> ExpectMemberStartedAsync(string member, TimeSpan? timeout = null) =>
        ExpectAsync<MemberStarted>(e => e.Member == member, $"MemberStarted of '{member}'", timeout);

    /// <summary>Waits for the <see cref="MemberExited"/> of <paramref name="member"/>.</summary>
    /// <param name="member">The member's name.</param>
    /// <param name="timeout">The bound; null for the TestKit's default.</param>
    /// <returns>The event, with the member's exit error.</returns>
    /// <exception cref="TimeoutException">It did not arrive in time.</exception>
    public Task<MemberExited> ExpectMemberExitedAsync(string member, TimeSpan? timeout = null) =>
        ExpectAsync<MemberExited>(e => e.Member == member, $"MemberExited of '{member}'", timeout);

    /// <summary>Waits for a <see cref="GroupInterrupted"/>.</summary>
    /// <param name="timeout">The bound; null for the TestKit's default.</param>
    /// <returns>The event, with the first member to exit and its error.</returns>
    /// <exception cref="TimeoutException">It did not arrive in time.</exception>
    public Task<GroupInterrupted> ExpectGroupInterruptedAsync(TimeSpan? timeout = null) =>
        ExpectAsync<GroupInterrupted>(_ => true, "GroupInterrupted", timeout);

    /// <summary>Waits for a <see cref="GroupCompleted"/>.</summary>
    /// <param name="timeout">The bound; null for the TestKit's default.</param>
    /// <returns>The run's result.</returns>
    /// <exception cref="TimeoutException">It did not arrive in time.</exception>
    public async Task<RunResult> ExpectGroupCompletedAsync(TimeSpan? timeout = null) =>
        (await ExpectAsync<GroupCompleted>(_ => true, "GroupCompleted", timeout).ConfigureAwait(false)).Result;

    /// <summary>Blocking form of <see cref="ExpectMemberStartedAsync"/>.</summary>
    /// <param name="member">The member's name.</param>
    /// <param name="timeout">The bound; null for the TestKit's default.</param>
    /// <returns>The event.</returns>
    /// <exception cref="TimeoutException">It did not arrive in time.</exception>
    public MemberStarted ExpectMemberStarted(string member, TimeSpan? timeout = null) =>
        ExpectMemberStartedAsync(member, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectMemberExitedAsync"/>.</summary>
    /// <param name="member">The member's name.</param>
    /// <param name="timeout">The bound; null for the TestKit's default.</param>
    /// <returns>The event.</returns>
    /// <exception cref="TimeoutException">It did not arrive in time.</exception>
    public MemberExited ExpectMemberExited(string member, TimeSpan? timeout = null) =>
        ExpectMemberExitedAsync(member, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectGroupInterruptedAsync"/>.</summary>
    /// <param name="timeout">The bound; null for the TestKit's default.</param>
    /// <returns>The event.</returns>
    /// <exception cref="TimeoutException">It did not arrive in time.</exception>
    public GroupInterrupted ExpectGroupInterrupted(TimeSpan? timeout = null) =>
        ExpectGroupInterruptedAsync(timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectGroupCompletedAsync"/>.</summary>
    /// <param name="timeout">The bound; null for the TestKit's default.</param>
    /// <returns>The run's result.</returns>
    /// <exception cref="TimeoutException">It did not arrive in time.</exception>
    public RunResult ExpectGroupCompleted(TimeSpan? timeout = null) =>
        ExpectGroupCompletedAsync(timeout).GetAwaiter().GetResult();

    private async Task<T> ExpectAsync<T>(Func<T, bool> matches, string what, TimeSpan? timeout)
        where T : RunGroupEvent
    {
        var bound = timeout ?? _defaultTimeout;
        var deadline = DateTime.UtcNow + bound;
        var skipped = new List<object>();
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var message = remaining > TimeSpan.Zero ? await Probe.ReceiveOneAsync(remaining).ConfigureAwait(false) : null;
            switch (message)
            {
                case null:
                    var seen = skipped.Count == 0 ? "no run group event" : string.Join(", ", skipped);
                    throw new TimeoutException($"Expected {what}{GroupSuffix} within {bound}; saw {seen}.");
                case T e when (_group is null || e.Group == _group) && matches(e):
                    return e;
                default:
                    skipped.Add(message);
                    break;
            }
        }
    }

    private string GroupSuffix => _group is null ? "" : $" of group '{_group}'";
}
