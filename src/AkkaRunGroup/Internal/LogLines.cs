using System.Runtime.InteropServices;
using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. Every log line of a run, category <see cref="Category"/>, each a message template with named
/// placeholders. <c>{Error}</c> is an error put into words (<c>TypeName: message</c>); a line about an exit that may
/// be clean has two templates, "cleanly" and "with {Error}", so that a clean exit has no <c>Error</c> field. Lines at
/// Info and Debug are skipped, arguments included, when the system does not log their level.
/// </summary>
internal static class LogLines
{
    /// <summary>The category, and Akka log source, of a run's lines.</summary>
    public const string Category = "AkkaRunGroup.RunGroup";

    private const string Interrupting = "; interrupting {MemberCount} members";
    private const string Draining = "; draining for {DrainDelay} before interrupting {MemberCount} members";
    private const string Cleanly = " cleanly";
    private const string WithError = " with {Error}";

    /// <summary>Who stopped the group: a member's exit, at the interrupt.</summary>
    public static void FirstExit(RunPlan plan, string member, Exception? error, int members)
    {
        const string prefix = "Run group '{Group}': member '{Member}' exited first";
        if (!plan.IsEnabled(LogLevel.InfoLevel))
        {
            return;
        }

        if (error is null)
        {
            plan.Log.Info(prefix + Cleanly + Interrupting, plan.Name, member, members);
        }
        else
        {
            plan.Log.Info(prefix + WithError + Interrupting, plan.Name, member, ExitText.Of(error), members);
        }
    }

    /// <summary>Who stopped the group: an interrupt from outside, at the interrupt.</summary>
    public static void InterruptedFromOutside(RunPlan plan, Exception? error, int members)
    {
        const string prefix = "Run group '{Group}' interrupted from outside";
        if (!plan.IsEnabled(LogLevel.InfoLevel))
        {
            return;
        }

        if (error is null)
        {
            plan.Log.Info(prefix + Cleanly + Interrupting, plan.Name, members);
        }
        else
        {
            plan.Log.Info(prefix + WithError + Interrupting, plan.Name, ExitText.Of(error), members);
        }
    }

    /// <summary>Who stopped the group, when the stop drains first: from outside, or a member that stops it from outside.</summary>
    public static void DrainBegins(RunPlan plan, string? member, Exception? error, int members)
    {
        const string outside = "Run group '{Group}' stopped from outside";
        const string byMember = "Run group '{Group}' stopped by member '{Member}'";
        if (!plan.IsEnabled(LogLevel.InfoLevel))
        {
            return;
        }

        switch (member, error)
        {
            case (null, null):
                plan.Log.Info(outside + Cleanly + Draining, plan.Name, plan.DrainDelay, members);
                break;
            case (null, _):
                plan.Log.Info(outside + WithError + Draining, plan.Name, ExitText.Of(error), plan.DrainDelay, members);
                break;
            case (_, null):
                plan.Log.Info(byMember + Cleanly + Draining, plan.Name, member, plan.DrainDelay, members);
                break;
            default:
                plan.Log.Info(byMember + WithError + Draining, plan.Name, member, ExitText.Of(error), plan.DrainDelay, members);
                break;
        }
    }

    public static void DrainCut(RunPlan plan, PosixSignal signal) =>
        plan.Log.Info("Run group '{Group}': {Signal} received while draining; interrupting now", plan.Name, signal);

    /// <summary>Each member's exit, at Debug.</summary>
    public static void MemberExited(RunPlan plan, string member, Exception? error)
    {
        const string prefix = "Run group '{Group}': member '{Member}' exited";
        if (!plan.IsEnabled(LogLevel.DebugLevel))
        {
            return;
        }

        if (error is null)
        {
            plan.Log.Debug(prefix + Cleanly, plan.Name, member);
        }
        else
        {
            plan.Log.Debug(prefix + WithError, plan.Name, member, ExitText.Of(error));
        }
    }

    public static void Restarting(RunPlan plan, string member, Exception? error, int restart, RestartPolicy policy, TimeSpan backoff)
    {
        const string prefix = "Run group '{Group}': member '{Member}' exited";
        const string suffix = "; restart {Restart} of at most {MaxRestarts} within {Within}, in {BackoffMs:0} ms";
        if (error is null)
        {
            plan.Log.Warning(prefix + Cleanly + suffix, plan.Name, member, restart, policy.MaxRestarts, policy.Within, backoff.TotalMilliseconds);
        }
        else
        {
            plan.Log.Warning(
                prefix + WithError + suffix,
                [plan.Name, member, ExitText.Of(error), restart, policy.MaxRestarts, policy.Within, backoff.TotalMilliseconds]);
        }
    }

    public static void ActorFailed(RunPlan plan, string member, Exception failure) =>
        plan.Log.Error(
            ExitText.AsCause(failure), "Run group '{Group}': the actor of member '{Member}' failed with {Error}; it is stopped", plan.Name, member, ExitText.Of(failure));

    public static void InterruptThrew(RunPlan plan, string member, Exception thrown) =>
        plan.Log.Warning(
            ExitText.AsCause(thrown), "Run group '{Group}': the interrupt of member '{Member}' threw {Error}; the other interrupts go on.", plan.Name, member, ExitText.Of(thrown));

    public static void TurnTimedOut(RunPlan plan, string member) =>
        plan.Log.Warning(
            "Run group '{Group}': member '{Member}' did not exit within the interrupt timeout of {InterruptTimeout}; interrupting the next member",
            plan.Name, member, plan.InterruptTimeout);

    public static void Abandoned(RunPlan plan, List<string> abandoned) =>
        plan.Log.Warning(
            "Run group '{Group}': interrupt timeout of {InterruptTimeout} elapsed; completing without {AbandonedCount} members still running: {Abandoned}",
            plan.Name, plan.InterruptTimeout, abandoned.Count, string.Join(", ", abandoned.Select(n => $"'{n}'")));

    public static void SupervisorFailed(RunPlan plan, Exception e) =>
        plan.Log.Error(
            ExitText.AsCause(e), "The GroupSupervisor of run group '{Group}' failed with {Error}; interrupting the group", plan.Name, ExitText.Of(e));

    /// <summary>How the run ended: logged before the run's task completes.</summary>
    public static void Completed(RunPlan plan, RunResult result)
    {
        if (plan.IsEnabled(LogLevel.InfoLevel))
        {
            plan.Log.Info("Run group '{Group}' completed in {ElapsedMs:0.###} ms: {Result}", plan.Name, result.Elapsed.TotalMilliseconds, result.ToString());
        }
    }

    public static void RunningCoordinatedShutdown(RunPlan plan) =>
        plan.Log.Info("Run group '{Group}' completed; running CoordinatedShutdown (run-on-exit = on)", plan.Name);
}
