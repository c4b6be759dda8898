namespace AkkaRunGroup;

public sealed partial class RunGroup
{
    /// <summary>The longest drain delay a group takes.</summary>
    internal static readonly TimeSpan LongestDrainDelay = TimeSpan.FromDays(1);

    /// <summary>The interrupt order chosen with <see cref="WithInterruptOrder"/>; null defers to the settings.</summary>
    internal InterruptOrder? Order => _order;

    /// <summary>The start order chosen with <see cref="WithStartOrder"/>; null defers to the settings.</summary>
    internal StartOrder? Starts => _startOrder;

    /// <summary>The interrupt timeout chosen with <see cref="WithInterruptTimeout"/>.</summary>
    /// <value>Null until one is chosen: the run uses <c>akka.run-group.interrupt-timeout</c> (a nested group, its parent's).</value>
    public TimeSpan? InterruptTimeout
    {
        get
        {
            lock (_lock)
            {
                return _interruptTimeout;
            }
        }
    }

    /// <summary>The drain delay chosen with <see cref="WithDrainDelay"/>.</summary>
    /// <value>Null until one is chosen: the run uses <c>akka.run-group.drain-delay</c> (a nested group never drains).</value>
    public TimeSpan? DrainDelay
    {
        get
        {
            lock (_lock)
            {
                return _drainDelay;
            }
        }
    }

    /// <summary>Chooses how this group starts its members, instead of <c>akka.run-group.start-order</c>.</summary>
    /// <param name="order">The order; see <see cref="StartOrder"/> for what <see cref="StartOrder.Sequential"/> waits for.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup WithStartOrder(StartOrder order)
    {
        if (!Enum.IsDefined(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "Not a StartOrder.");
        }

        lock (_lock)
        {
            ThrowIfRan();
            _startOrder = order;
        }

        return this;
    }

    /// <summary>Chooses how this group calls its members' interrupts, instead of <c>akka.run-group.interrupt-order</c>.</summary>
    /// <param name="order">The order.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup WithInterruptOrder(InterruptOrder order)
    {
        if (!Enum.IsDefined(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "Not an InterruptOrder.");
        }

        lock (_lock)
        {
            ThrowIfRan();
            _order = order;
        }

        return this;
    }

    /// <summary>
    /// Chooses how long this group, once interrupted, waits for its members to exit and their interrupts to return,
    /// instead of <c>akka.run-group.interrupt-timeout</c>. When it elapses, the run completes and the members still
    /// running are reported as abandoned.
    /// </summary>
    /// <param name="timeout">A positive duration, or <see cref="Timeout.InfiniteTimeSpan"/> to wait as long as it takes.</param>
    /// <returns>This group.</returns>
    /// <remarks>A nested group without a timeout of its own uses its parent's.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative, and not infinite.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup WithInterruptTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An interrupt timeout must be positive, or Timeout.InfiniteTimeSpan.");
        }

        lock (_lock)
        {
            ThrowIfRan();
            _interruptTimeout = timeout;
        }

        return this;
    }

    /// <summary>
    /// Chooses how long this group, stopped from outside, drains before it interrupts its members, instead of
    /// <c>akka.run-group.drain-delay</c>. A stop from outside is <see cref="Interrupt"/>, the run's CancellationToken,
    /// CoordinatedShutdown, a stopping host, or the exit of a member added with <see cref="AddSignalHandler(System.Runtime.InteropServices.PosixSignal[])"/>
    /// or <see cref="AddCancellation"/>. During the drain the run is <see cref="RunGroupPhase.Draining"/> (a readiness
    /// probe fails) and every member keeps running; then the group is interrupted with the stop's error.
    /// </summary>
    /// <param name="delay">From <see cref="TimeSpan.Zero"/> (no drain) up to one day.</param>
    /// <returns>This group.</returns>
    /// <remarks>
    /// <para>A member's own exit never drains: the group is interrupted at once; neither does a terminating ActorSystem
    /// (<c>ActorSystem.Terminate()</c>). A member that exits during the drain, a SIGINT or SIGTERM the process receives
    /// during it, or the ActorSystem terminating ends the drain at once.</para>
    /// <para>A nested group never drains: its parent drains for it.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative or longer than a day.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup WithDrainDelay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero || delay > LongestDrainDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A drain delay must be from zero up to one day.");
        }

        lock (_lock)
        {
            ThrowIfRan();
            _drainDelay = delay;
        }

        return this;
    }
}
