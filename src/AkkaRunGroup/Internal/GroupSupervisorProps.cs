using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. How GroupSupervisors are made: their Props, without reflection, expression compilation or a new
/// Deploy per run, and the unique name of a top-level one.
/// </summary>
internal static class GroupSupervisorProps
{
    private static long _sameNameCounter;

    /// <summary>The Props of <paramref name="plan"/>'s GroupSupervisor: a copy of the dispatcher's cached template that creates this run's actor.</summary>
    public static Props For(RunPlan plan) => new RunProps(PropsCache.For<GroupSupervisor>(plan.Settings.Dispatcher, TemplateProducer.Instance), plan.Completion);

    /// <summary>
    /// Starts the GroupSupervisor of a top-level run, named after the group; a name that another running group of the
    /// system holds gets a number.
    /// </summary>
    public static IActorRef StartTopLevel(RunPlan plan)
    {
        var props = For(plan);
        var baseName = ActorNames.ForGroup(plan.Name);
        var name = baseName;
        // The previous run of a group of this name may have completed before the user guardian released the name:
        // look before trying, since a refused name costs an exception.
        if (plan.System is ExtendedActorSystem { Provider.Guardian.Cell: { } guardian } && guardian.TryGetChildStatsByName(name, out _))
        {
            name = $"{baseName}-{Interlocked.Increment(ref _sameNameCounter)}";
        }

        while (true)
        {
            try
            {
                return plan.System.ActorOf(props, name);
            }
            catch (InvalidActorNameException)
            {
                // Another group of the same name runs in this system: take a numbered name.
                name = $"{baseName}-{Interlocked.Increment(ref _sameNameCounter)}";
            }
        }
    }

    /// <summary>
    /// Props that create the GroupSupervisor of one run, from its <see cref="RunCompletion.SupervisorPlan"/>: they hold
    /// the run only until it completes, however long something holds the GroupSupervisor's reference (and its Props).
    /// </summary>
    private sealed class RunProps(Props template, RunCompletion run) : Props(template)
    {
        // Akka calls NewActor inside ActorOf, as it calls a producer's Produce: this is how Props create actors.
#pragma warning disable AK1000
        public override ActorBase NewActor() => new GroupSupervisor(
            run.SupervisorPlan ?? throw new InvalidOperationException("The run of this GroupSupervisor has completed: it is never created again."));
#pragma warning restore AK1000

        /// <remarks>Akka copies Props to change them (a deployment's mailbox or dispatcher): the copy keeps the run.</remarks>
        protected override Props Copy() => new RunProps(this, run);
    }

    /// <summary>The producer of the cached templates; every GroupSupervisor is created by <see cref="RunProps"/> instead.</summary>
    private sealed class TemplateProducer : IIndirectActorProducer
    {
        public static readonly TemplateProducer Instance = new();

        public Type ActorType => typeof(GroupSupervisor);

        public ActorBase Produce() =>
            throw new InvalidOperationException("A GroupSupervisor is created by the Props of its run, never by the template.");

        public void Release(ActorBase actor)
        {
        }
    }
}
