namespace Ferry.Runtime.Capture;

/// <summary>Lifecycle of an app thread as recorded in an image.</summary>
public enum AppThreadState
{
    /// <summary>Created (the app holds the Thread object) but not started.</summary>
    Unstarted,
    /// <summary>Started and not finished.</summary>
    Running,
    /// <summary>Its entry returned.</summary>
    Finished,
}
