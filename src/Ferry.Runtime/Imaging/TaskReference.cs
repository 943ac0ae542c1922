using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Imaging;

/// <summary>Stands in an image for a Task the app holds: Ferry's record of the work item behind it.</summary>
public sealed class TaskReference
{
    public FerryTask Record = null!;
}
