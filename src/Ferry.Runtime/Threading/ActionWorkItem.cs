using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>Task.Run(Action) / Task.Factory.StartNew(Action): completes its <see cref="FerryTask"/>.</summary>
public sealed class ActionWorkItem : FerryWorkItem
{
    public Action Action;
    public FerryTask Task;

    public ActionWorkItem(Action action, FerryTask task)
    {
        Action = action;
        Task = task;
    }

    [Capturable]
    internal override void Execute()
    {
        try
        {
            Action();
        }
        catch (Exception e) when (e is not ImageMismatchException)
        {
            TaskRecords.Complete(Task, e);
            return;
        }
        if (Unwinding()) return;
        TaskRecords.Complete(Task, null);
    }
}
