namespace AkkaRunGroup;

/// <summary>
/// Whether a member whose execute exits is run again instead of stopping the group, how often, and how long to wait
/// before each new run. Opt-in per member: members without a policy are never restarted (oklog/run's behaviour).
/// </summary>
/// <remarks>
/// <para>A member is restarted at most <see cref="MaxRestarts"/> times within any <see cref="Within"/> window; the
/// exit that would exceed this intensity stops the group with its error, as an exit without a policy does.</para>
/// <para>Between two runs the member waits <see cref="MinBackoff"/>, doubled for each restart already counted in the
/// window, capped at <see cref="MaxBackoff"/>, then stretched by a random factor of up to <see cref="Jitter"/>.</para>
/// <para>A member is never restarted once its group is interrupted. Each run of its execute (an incarnation) has its
/// interrupt called at most once; an async member gets a new CancellationToken per incarnation.</para>
/// </remarks>
public sealed class RestartPolicy
{
    private RestartPolicy(RestartOn on, int maxRestarts, TimeSpan within, TimeSpan minBackoff, TimeSpan maxBackoff, double jitter)
    {
        On = on;
        MaxRestarts = maxRestarts;
        Within = within;
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
        Jitter = jitter;
    }

    /// <summary>The policy of every member that is given none: an exit stops the group.</summary>
    public static RestartPolicy Never { get; } = new(RestartOn.Never, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Which exits lead to a restart.</summary>
    public RestartOn On { get; }

    /// <summary>The most restarts allowed within <see cref="Within"/>.</summary>
    public int MaxRestarts { get; }

    /// <summary>The sliding window over which restarts are counted.</summary>
    public TimeSpan Within { get; }

    /// <summary>The wait before the first restart in a window.</summary>
    public TimeSpan MinBackoff { get; }

    /// <summary>The longest wait before a restart, before jitter.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>The largest random stretch of a wait, as a fraction of it (0.2: up to 20 % longer).</summary>
    public double Jitter { get; }

    /// <summary>Restarts the member when its execute fails (returns or throws an error, or its task faults or is cancelled).</summary>
    /// <param name="maxRestarts">At most this many restarts within <paramref name="within"/>; 3 by default.</param>
    /// <param name="within">The window; null gives 1 minute.</param>
    /// <param name="minBackoff">The first wait; null gives 100 ms, zero restarts at once.</param>
    /// <param name="maxBackoff">The longest wait; null gives 10 s.</param>
    /// <param name="jitter">The random stretch, from 0 to 1; 0.2 by default.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxRestarts"/> or <paramref name="within"/> is zero or negative, <paramref name="minBackoff"/> is
    /// negative, <paramref name="maxBackoff"/> is less than <paramref name="minBackoff"/>, or jitter is outside 0 to 1.
    /// </exception>
    public static RestartPolicy OnFailure(
        int maxRestarts = 3, TimeSpan? within = null, TimeSpan? minBackoff = null, TimeSpan? maxBackoff = null, double jitter = 0.2) =>
        Create(RestartOn.Failure, maxRestarts, within, minBackoff, maxBackoff, jitter);

    /// <summary>Restarts the member whenever its execute exits, cleanly or not.</summary>
    /// <param name="maxRestarts">At most this many restarts within <paramref name="within"/>; 3 by default.</param>
    /// <param name="within">The window; null gives 1 minute.</param>
    /// <param name="minBackoff">The first wait; null gives 100 ms, zero restarts at once.</param>
    /// <param name="maxBackoff">The longest wait; null gives 10 s.</param>
    /// <param name="jitter">The random stretch, from 0 to 1; 0.2 by default.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxRestarts"/> or <paramref name="within"/> is zero or negative, <paramref name="minBackoff"/> is
    /// negative, <paramref name="maxBackoff"/> is less than <paramref name="minBackoff"/>, or jitter is outside 0 to 1.
    /// </exception>
    public static RestartPolicy Always(
        int maxRestarts = 3, TimeSpan? within = null, TimeSpan? minBackoff = null, TimeSpan? maxBackoff = null, double jitter = 0.2) =>
        Create(RestartOn.AnyExit, maxRestarts, within, minBackoff, maxBackoff, jitter);

    /// <summary>Whether an exit with <paramref name="error"/> calls for a restart under this policy, intensity aside.</summary>
    internal bool Covers(Exception? error) => On == RestartOn.AnyExit || (On == RestartOn.Failure && error is not null);

    /// <summary>The wait before a restart when <paramref name="recentRestarts"/> restarts are already in the window.</summary>
    internal TimeSpan Backoff(int recentRestarts, double random)
    {
        var doubled = MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(recentRestarts, 30));
        var capped = Math.Min(doubled, MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + Jitter * random));
    }

    private static RestartPolicy Create(RestartOn on, int maxRestarts, TimeSpan? within, TimeSpan? minBackoff, TimeSpan? maxBackoff, double jitter)
    {
        var window = within ?? TimeSpan.FromMinutes(1);
        var min = minBackoff ?? TimeSpan.FromMilliseconds(100);
        var max = maxBackoff ?? TimeSpan.FromSeconds(10);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRestarts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero, nameof(within));
        ArgumentOutOfRangeException.ThrowIfLessThan(min, TimeSpan.Zero, nameof(minBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min, nameof(maxBackoff));
        if (jitter is < 0 or > 1 || double.IsNaN(jitter))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter must be between 0 and 1.");
        }

        return new RestartPolicy(on, maxRestarts, window, min, max, jitter);
    }
}

/// <summary>Which exits of a member's execute lead to a restart.</summary>
public enum RestartOn
{
    /// <summary>None: the member's exit stops the group.</summary>
    Never,

    /// <summary>An exit with an error.</summary>
    Failure,

    /// <summary>Any exit, a clean one included.</summary>
    AnyExit,
}
