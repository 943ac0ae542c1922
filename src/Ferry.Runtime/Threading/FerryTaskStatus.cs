namespace Ferry.Runtime.Threading;

/// <summary>Where a Ferry-run task stands, as an image records it.</summary>
public enum FerryTaskStatus
{
    /// <summary>Its work item has not finished (it is a thread of the image, or its result is not in yet).</summary>
    Pending,
    RanToCompletion,
    Faulted,
}
