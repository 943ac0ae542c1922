namespace Ferry.Runtime.Imaging;

/// <summary>Stands in an image for Console.In/Out/Error held by the app: restored as the new process's own.</summary>
public sealed class ConsoleReference
{
    /// <summary>0 = In, 1 = Out, 2 = Error.</summary>
    public int Stream;
}
