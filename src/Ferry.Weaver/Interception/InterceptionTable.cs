namespace Ferry.Weaver.Interception;

/// <summary>
/// The one table of framework APIs that app code reaches through Ferry's shims. Everything the
/// weaver redirects is listed here; nothing is special-cased elsewhere.
/// </summary>
public static class InterceptionTable
{
    private const string Thread = "System.Threading.Thread";
    private const string ThreadShims = "Ferry.Runtime.Threading.ThreadShims";
    private const string ThreadStart = "System.Threading.ThreadStart";
    private const string ParamStart = "System.Threading.ParameterizedThreadStart";
    private const string Int = "System.Int32";
    private const string TimeSpan = "System.TimeSpan";
    private const string Object = "System.Object";
    private const string Clock = "Ferry.Runtime.Time.ClockShims";
    private const string Bool = "System.Boolean";
    private const string BoolRef = "System.Boolean&";
    private const string Monitor = "System.Threading.Monitor";
    private const string MonitorShims = "Ferry.Runtime.Threading.MonitorShims";
    private const string Lock = "System.Threading.Lock";
    private const string LockShims = "Ferry.Runtime.Threading.LockShims";
    private const string ThreadPool = "System.Threading.ThreadPool";
    private const string ThreadPoolShims = "Ferry.Runtime.Threading.ThreadPoolShims";
    private const string WaitCallback = "System.Threading.WaitCallback";
    private const string Task = "System.Threading.Tasks.Task";
    private const string TaskOfT = "System.Threading.Tasks.Task`1";
    private const string TaskFactory = "System.Threading.Tasks.TaskFactory";
    private const string TaskArray = "System.Threading.Tasks.Task[]";
    private const string TaskSpan = "System.ReadOnlySpan`1<System.Threading.Tasks.Task>";
    private const string TaskAwaiter = "System.Runtime.CompilerServices.TaskAwaiter";
    private const string TaskAwaiterOfT = "System.Runtime.CompilerServices.TaskAwaiter`1";
    private const string TaskShims = "Ferry.Runtime.Threading.TaskShims";
    private const string Action = "System.Action";
    // Generic parameters as Cecil names them in a call's signature: !0 of the declaring type, !!0 of the method.
    private const string FuncOfMethodT = "System.Func`1<!!0>";
    private const string ActionOfMethodT = "System.Action`1<!!0>";
    private const string MethodT = "!!0";
    // Environment-facing APIs (files, variables, sockets, processes): shims consult EnvironmentViews.Current.
    private const string Str = "System.String";
    private const string Long = "System.Int64";
    private const string UInt = "System.UInt32";
    private const string Encoding = "System.Text.Encoding";
    private const string Bytes = "System.Byte[]";
    private const string Chars = "System.Char[]";
    private const string ByteSpan = "System.ReadOnlySpan`1<System.Byte>";
    private const string CharSpan = "System.ReadOnlySpan`1<System.Char>";
    private const string Strings = "System.String[]";
    private const string StringSeq = "System.Collections.Generic.IEnumerable`1<System.String>";
    private const string Mode = "System.IO.FileMode";
    private const string Access = "System.IO.FileAccess";
    private const string Share = "System.IO.FileShare";
    private const string Options = "System.IO.FileOptions";
    private const string StreamOptions = "System.IO.FileStreamOptions";
    private const string Search = "System.IO.SearchOption";
    private const string EnumOptions = "System.IO.EnumerationOptions";
    private const string Cancel = "System.Threading.CancellationToken";
    private const string ByteMemory = "System.ReadOnlyMemory`1<System.Byte>";
    private const string CharMemory = "System.ReadOnlyMemory`1<System.Char>";
    private const string FileAsyncShims = "Ferry.Runtime.Interception.FileAsyncShims";
    // Nested types as Cecil names them.
    private const string SpecialFolder = "System.Environment/SpecialFolder";
    private const string SpecialFolderOption = "System.Environment/SpecialFolderOption";
    private const string FolderShims = "Ferry.Runtime.Interception.FolderPathShims";
    private const string DateTime = "System.DateTime";
    private const string Stream = "System.IO.Stream";
    private const string File = "System.IO.File";
    private const string FileShims = "Ferry.Runtime.Interception.FileShims";
    private const string Directory = "System.IO.Directory";
    private const string DirectoryShims = "Ferry.Runtime.Interception.DirectoryShims";
    private const string FsInfo = "System.IO.FileSystemInfo";
    private const string FileInfo = "System.IO.FileInfo";
    private const string DirInfo = "System.IO.DirectoryInfo";
    private const string InfoShims = "Ferry.Runtime.Interception.FileSystemInfoShims";
    private const string FileStream = "System.IO.FileStream";
    private const string StreamReader = "System.IO.StreamReader";
    private const string StreamWriter = "System.IO.StreamWriter";
    private const string StreamShims = "Ferry.Runtime.Interception.FileStreamShims";
    private const string Path = "System.IO.Path";
    private const string PathShims = "Ferry.Runtime.Interception.PathShims";
    private const string Environment = "System.Environment";
    private const string EnvTarget = "System.EnvironmentVariableTarget";
    private const string EnvShims = "Ferry.Runtime.Interception.EnvironmentShims";
    private const string Socket = "System.Net.Sockets.Socket";
    private const string TcpListener = "System.Net.Sockets.TcpListener";
    private const string TcpClient = "System.Net.Sockets.TcpClient";
    private const string UdpClient = "System.Net.Sockets.UdpClient";
    private const string EndPoint = "System.Net.EndPoint";
    private const string IPEndPoint = "System.Net.IPEndPoint";
    private const string IPAddress = "System.Net.IPAddress";
    private const string Family = "System.Net.Sockets.AddressFamily";
    private const string Net = "Ferry.Runtime.Interception.NetworkShims";
    private const string NetRead = "Ferry.Runtime.Interception.NetworkReadShims";
    private const string Process = "System.Diagnostics.Process";
    private const string ProcessShims = "Ferry.Runtime.Interception.ProcessShims";
    private const string Timer = "System.Threading.Timer";
    private const string TimerCallback = "System.Threading.TimerCallback";
    private const string TimerShims = "Ferry.Runtime.Interception.TimerShims";

    public static IReadOnlyList<InterceptionRule> Rules { get; } =
    [
        // Threads: app threads run under Ferry's trampoline; Sleep and Join are safe points.
        new(Thread, ".ctor", [ThreadStart], ThreadShims, "Create", false),
        new(Thread, ".ctor", [ThreadStart, Int], ThreadShims, "Create", false),
        new(Thread, ".ctor", [ParamStart], ThreadShims, "Create", false),
        new(Thread, ".ctor", [ParamStart, Int], ThreadShims, "Create", false),
        new(Thread, "Start", [], ThreadShims, "Start", false),
        new(Thread, "Start", [Object], ThreadShims, "Start", false),
        new(Thread, "Sleep", [Int], ThreadShims, "Sleep", true),
        new(Thread, "Sleep", [TimeSpan], ThreadShims, "Sleep", true),
        new(Thread, "Join", [], ThreadShims, "Join", true),
        new(Thread, "Join", [Int], ThreadShims, "Join", true),
        new(Thread, "Join", [TimeSpan], ThreadShims, "Join", true),

        // Monotonic clocks continue across a restore (an offset carried in the image).
        new("System.Diagnostics.Stopwatch", "GetTimestamp", [], Clock, "GetTimestamp", false),
        new("System.Environment", "get_TickCount64", [], Clock, "TickCount64", false),
        new("System.Environment", "get_TickCount", [], Clock, "TickCount", false),

        // Monitor and C# `lock`: ownership is tracked for the image; a contended Enter and Wait are safe points.
        new(Monitor, "Enter", [Object], MonitorShims, "Enter", true),
        new(Monitor, "Enter", [Object, BoolRef], MonitorShims, "Enter", true),
        new(Monitor, "TryEnter", [Object], MonitorShims, "TryEnter", false),
        new(Monitor, "TryEnter", [Object, BoolRef], MonitorShims, "TryEnter", false),
        new(Monitor, "TryEnter", [Object, Int], MonitorShims, "TryEnter", true),
        new(Monitor, "TryEnter", [Object, TimeSpan], MonitorShims, "TryEnter", true),
        new(Monitor, "TryEnter", [Object, Int, BoolRef], MonitorShims, "TryEnter", true),
        new(Monitor, "TryEnter", [Object, TimeSpan, BoolRef], MonitorShims, "TryEnter", true),
        new(Monitor, "Exit", [Object], MonitorShims, "Exit", false),
        new(Monitor, "IsEntered", [Object], MonitorShims, "IsEntered", false),
        new(Monitor, "Wait", [Object], MonitorShims, "Wait", true),
        new(Monitor, "Wait", [Object, Int], MonitorShims, "Wait", true),
        new(Monitor, "Wait", [Object, TimeSpan], MonitorShims, "Wait", true),
        new(Monitor, "Wait", [Object, Int, Bool], MonitorShims, "Wait", true),
        new(Monitor, "Wait", [Object, TimeSpan, Bool], MonitorShims, "Wait", true),
        new(Monitor, "Pulse", [Object], MonitorShims, "Pulse", false),
        new(Monitor, "PulseAll", [Object], MonitorShims, "PulseAll", false),

        // System.Threading.Lock, explicit calls (EnterScope needs the Scope local retyped; see LockShims).
        new(Lock, "Enter", [], LockShims, "Enter", true),
        new(Lock, "TryEnter", [], LockShims, "TryEnter", false),
        new(Lock, "TryEnter", [Int], LockShims, "TryEnter", true),
        new(Lock, "TryEnter", [TimeSpan], LockShims, "TryEnter", true),
        new(Lock, "Exit", [], LockShims, "Exit", false),
        new(Lock, "get_IsHeldByCurrentThread", [], LockShims, "IsHeldByCurrentThread", false),

        // Thread pool and tasks: work items run as app threads; waits on them are safe points.
        new(ThreadPool, "QueueUserWorkItem", [WaitCallback], ThreadPoolShims, "QueueUserWorkItem", false),
        new(ThreadPool, "QueueUserWorkItem", [WaitCallback, Object], ThreadPoolShims, "QueueUserWorkItem", false),
        new(ThreadPool, "QueueUserWorkItem", [ActionOfMethodT, MethodT, Bool], ThreadPoolShims, "QueueUserWorkItem", false),
        new(Task, "Run", [Action], TaskShims, "Run", false),
        new(Task, "Run", [FuncOfMethodT], TaskShims, "Run", false),
        new(TaskFactory, "StartNew", [Action], TaskShims, "StartNew", false),
        new(TaskFactory, "StartNew", [FuncOfMethodT], TaskShims, "StartNew", false),
        new(Task, "Wait", [], TaskShims, "Wait", true),
        new(Task, "Wait", [Int], TaskShims, "Wait", true),
        new(Task, "Wait", [TimeSpan], TaskShims, "Wait", true),
        new(Task, "WaitAll", [TaskArray], TaskShims, "WaitAll", true),
        new(Task, "WaitAll", [TaskArray, Int], TaskShims, "WaitAll", true),
        new(Task, "WaitAll", [TaskArray, TimeSpan], TaskShims, "WaitAll", true),
        new(Task, "WaitAll", [TaskSpan], TaskShims, "WaitAll", true),
        new(Task, "WaitAny", [TaskArray], TaskShims, "WaitAny", true),
        new(Task, "WaitAny", [TaskArray, Int], TaskShims, "WaitAny", true),
        new(Task, "WaitAny", [TaskArray, TimeSpan], TaskShims, "WaitAny", true),
        new(TaskOfT, "get_Result", [], TaskShims, "Result", true),
        new(TaskAwaiter, "GetResult", [], TaskShims, "GetResult", true),
        new(TaskAwaiterOfT, "GetResult", [], TaskShims, "GetResult", true),

        // Files (System.IO.File): paths mapped through the view; streams recorded for images; errors name inside paths.
        new(File, "Exists", [Str], FileShims, "Exists", false),
        new(File, "ReadAllText", [Str], FileShims, "ReadAllText", false),
        new(File, "ReadAllText", [Str, Encoding], FileShims, "ReadAllText", false),
        new(File, "ReadAllBytes", [Str], FileShims, "ReadAllBytes", false),
        new(File, "ReadAllLines", [Str], FileShims, "ReadAllLines", false),
        new(File, "ReadAllLines", [Str, Encoding], FileShims, "ReadAllLines", false),
        new(File, "ReadLines", [Str], FileShims, "ReadLines", false),
        new(File, "ReadLines", [Str, Encoding], FileShims, "ReadLines", false),
        new(File, "WriteAllText", [Str, Str], FileShims, "WriteAllText", false),
        new(File, "WriteAllText", [Str, Str, Encoding], FileShims, "WriteAllText", false),
        new(File, "WriteAllBytes", [Str, Bytes], FileShims, "WriteAllBytes", false),
        new(File, "AppendAllBytes", [Str, Bytes], FileShims, "AppendAllBytes", false),
        // The span overloads (.NET 9): C# picks them for collection expressions and spans.
        new(File, "WriteAllBytes", [Str, ByteSpan], FileShims, "WriteAllBytes", false),
        new(File, "AppendAllBytes", [Str, ByteSpan], FileShims, "AppendAllBytes", false),
        new(File, "WriteAllText", [Str, CharSpan], FileShims, "WriteAllText", false),
        new(File, "WriteAllText", [Str, CharSpan, Encoding], FileShims, "WriteAllText", false),
        new(File, "AppendAllText", [Str, CharSpan], FileShims, "AppendAllText", false),
        new(File, "AppendAllText", [Str, CharSpan, Encoding], FileShims, "AppendAllText", false),
        new(File, "WriteAllLines", [Str, Strings], FileShims, "WriteAllLines", false),
        new(File, "WriteAllLines", [Str, StringSeq], FileShims, "WriteAllLines", false),
        new(File, "WriteAllLines", [Str, Strings, Encoding], FileShims, "WriteAllLines", false),
        new(File, "WriteAllLines", [Str, StringSeq, Encoding], FileShims, "WriteAllLines", false),
        new(File, "AppendAllText", [Str, Str], FileShims, "AppendAllText", false),
        new(File, "AppendAllText", [Str, Str, Encoding], FileShims, "AppendAllText", false),
        new(File, "AppendAllLines", [Str, StringSeq], FileShims, "AppendAllLines", false),
        new(File, "AppendAllLines", [Str, StringSeq, Encoding], FileShims, "AppendAllLines", false),
        new(File, "Open", [Str, Mode], FileShims, "Open", false),
        new(File, "Open", [Str, Mode, Access], FileShims, "Open", false),
        new(File, "Open", [Str, Mode, Access, Share], FileShims, "Open", false),
        new(File, "Open", [Str, StreamOptions], FileShims, "Open", false),
        new(File, "OpenRead", [Str], FileShims, "OpenRead", false),
        new(File, "OpenWrite", [Str], FileShims, "OpenWrite", false),
        new(File, "Create", [Str], FileShims, "Create", false),
        new(File, "Create", [Str, Int], FileShims, "Create", false),
        new(File, "Create", [Str, Int, Options], FileShims, "Create", false),
        new(File, "OpenText", [Str], FileShims, "OpenText", false),
        new(File, "CreateText", [Str], FileShims, "CreateText", false),
        new(File, "AppendText", [Str], FileShims, "AppendText", false),
        new(File, "Delete", [Str], FileShims, "Delete", false),
        new(File, "Copy", [Str, Str], FileShims, "Copy", false),
        new(File, "Copy", [Str, Str, Bool], FileShims, "Copy", false),
        new(File, "Move", [Str, Str], FileShims, "Move", false),
        new(File, "Move", [Str, Str, Bool], FileShims, "Move", false),
        new(File, "GetAttributes", [Str], FileShims, "GetAttributes", false),
        new(File, "SetAttributes", [Str, "System.IO.FileAttributes"], FileShims, "SetAttributes", false),
        new(File, "GetLastWriteTime", [Str], FileShims, "GetLastWriteTime", false),
        new(File, "GetLastWriteTimeUtc", [Str], FileShims, "GetLastWriteTimeUtc", false),
        new(File, "GetCreationTime", [Str], FileShims, "GetCreationTime", false),
        new(File, "GetCreationTimeUtc", [Str], FileShims, "GetCreationTimeUtc", false),
        new(File, "GetLastAccessTime", [Str], FileShims, "GetLastAccessTime", false),
        new(File, "GetLastAccessTimeUtc", [Str], FileShims, "GetLastAccessTimeUtc", false),
        new(File, "SetLastWriteTime", [Str, DateTime], FileShims, "SetLastWriteTime", false),
        new(File, "SetLastWriteTimeUtc", [Str, DateTime], FileShims, "SetLastWriteTimeUtc", false),

        // Async file calls: the path is mapped, then the framework's async call runs on the host path (bounded
        // and recorded writes go through a shim stream). Their awaits are not capture points yet.
        new(File, "ReadAllTextAsync", [Str, Cancel], FileAsyncShims, "ReadAllTextAsync", false),
        new(File, "ReadAllTextAsync", [Str, Encoding, Cancel], FileAsyncShims, "ReadAllTextAsync", false),
        new(File, "ReadAllBytesAsync", [Str, Cancel], FileAsyncShims, "ReadAllBytesAsync", false),
        new(File, "ReadAllLinesAsync", [Str, Cancel], FileAsyncShims, "ReadAllLinesAsync", false),
        new(File, "ReadAllLinesAsync", [Str, Encoding, Cancel], FileAsyncShims, "ReadAllLinesAsync", false),
        new(File, "ReadLinesAsync", [Str, Cancel], FileAsyncShims, "ReadLinesAsync", false),
        new(File, "ReadLinesAsync", [Str, Encoding, Cancel], FileAsyncShims, "ReadLinesAsync", false),
        new(File, "WriteAllTextAsync", [Str, Str, Cancel], FileAsyncShims, "WriteAllTextAsync", false),
        new(File, "WriteAllTextAsync", [Str, Str, Encoding, Cancel], FileAsyncShims, "WriteAllTextAsync", false),
        new(File, "WriteAllTextAsync", [Str, CharMemory, Cancel], FileAsyncShims, "WriteAllTextAsync", false),
        new(File, "WriteAllTextAsync", [Str, CharMemory, Encoding, Cancel], FileAsyncShims, "WriteAllTextAsync", false),
        new(File, "AppendAllTextAsync", [Str, Str, Cancel], FileAsyncShims, "AppendAllTextAsync", false),
        new(File, "AppendAllTextAsync", [Str, Str, Encoding, Cancel], FileAsyncShims, "AppendAllTextAsync", false),
        new(File, "AppendAllTextAsync", [Str, CharMemory, Cancel], FileAsyncShims, "AppendAllTextAsync", false),
        new(File, "AppendAllTextAsync", [Str, CharMemory, Encoding, Cancel], FileAsyncShims, "AppendAllTextAsync", false),
        new(File, "WriteAllBytesAsync", [Str, Bytes, Cancel], FileAsyncShims, "WriteAllBytesAsync", false),
        new(File, "WriteAllBytesAsync", [Str, ByteMemory, Cancel], FileAsyncShims, "WriteAllBytesAsync", false),
        new(File, "AppendAllBytesAsync", [Str, Bytes, Cancel], FileAsyncShims, "AppendAllBytesAsync", false),
        new(File, "AppendAllBytesAsync", [Str, ByteMemory, Cancel], FileAsyncShims, "AppendAllBytesAsync", false),
        new(File, "WriteAllLinesAsync", [Str, StringSeq, Cancel], FileAsyncShims, "WriteAllLinesAsync", false),
        new(File, "WriteAllLinesAsync", [Str, StringSeq, Encoding, Cancel], FileAsyncShims, "WriteAllLinesAsync", false),
        new(File, "AppendAllLinesAsync", [Str, StringSeq, Cancel], FileAsyncShims, "AppendAllLinesAsync", false),
        new(File, "AppendAllLinesAsync", [Str, StringSeq, Encoding, Cancel], FileAsyncShims, "AppendAllLinesAsync", false),

        // Directories: listings come from the view (as lists, so an enumeration in progress is capturable).
        new(Directory, "Exists", [Str], DirectoryShims, "Exists", false),
        new(Directory, "CreateDirectory", [Str], DirectoryShims, "CreateDirectory", false),
        new(Directory, "Delete", [Str], DirectoryShims, "Delete", false),
        new(Directory, "Delete", [Str, Bool], DirectoryShims, "Delete", false),
        new(Directory, "Move", [Str, Str], DirectoryShims, "Move", false),
        new(Directory, "GetCurrentDirectory", [], DirectoryShims, "GetCurrentDirectory", false),
        new(Directory, "SetCurrentDirectory", [Str], DirectoryShims, "SetCurrentDirectory", false),
        new(Directory, "GetFiles", [Str], DirectoryShims, "GetFiles", false),
        new(Directory, "GetFiles", [Str, Str], DirectoryShims, "GetFiles", false),
        new(Directory, "GetFiles", [Str, Str, Search], DirectoryShims, "GetFiles", false),
        new(Directory, "GetDirectories", [Str], DirectoryShims, "GetDirectories", false),
        new(Directory, "GetDirectories", [Str, Str], DirectoryShims, "GetDirectories", false),
        new(Directory, "GetDirectories", [Str, Str, Search], DirectoryShims, "GetDirectories", false),
        new(Directory, "GetFileSystemEntries", [Str], DirectoryShims, "GetFileSystemEntries", false),
        new(Directory, "GetFileSystemEntries", [Str, Str], DirectoryShims, "GetFileSystemEntries", false),
        new(Directory, "GetFileSystemEntries", [Str, Str, Search], DirectoryShims, "GetFileSystemEntries", false),
        new(Directory, "EnumerateFiles", [Str], DirectoryShims, "EnumerateFiles", false),
        new(Directory, "EnumerateFiles", [Str, Str], DirectoryShims, "EnumerateFiles", false),
        new(Directory, "EnumerateFiles", [Str, Str, Search], DirectoryShims, "EnumerateFiles", false),
        new(Directory, "EnumerateDirectories", [Str], DirectoryShims, "EnumerateDirectories", false),
        new(Directory, "EnumerateDirectories", [Str, Str], DirectoryShims, "EnumerateDirectories", false),
        new(Directory, "EnumerateDirectories", [Str, Str, Search], DirectoryShims, "EnumerateDirectories", false),
        new(Directory, "EnumerateFileSystemEntries", [Str], DirectoryShims, "EnumerateFileSystemEntries", false),
        new(Directory, "EnumerateFileSystemEntries", [Str, Str], DirectoryShims, "EnumerateFileSystemEntries", false),
        new(Directory, "EnumerateFileSystemEntries", [Str, Str, Search], DirectoryShims, "EnumerateFileSystemEntries", false),
        new(Directory, "GetFiles", [Str, Str, EnumOptions], DirectoryShims, "GetFiles", false),
        new(Directory, "GetDirectories", [Str, Str, EnumOptions], DirectoryShims, "GetDirectories", false),
        new(Directory, "GetFileSystemEntries", [Str, Str, EnumOptions], DirectoryShims, "GetFileSystemEntries", false),
        new(Directory, "EnumerateFiles", [Str, Str, EnumOptions], DirectoryShims, "EnumerateFiles", false),
        new(Directory, "EnumerateDirectories", [Str, Str, EnumOptions], DirectoryShims, "EnumerateDirectories", false),
        new(Directory, "EnumerateFileSystemEntries", [Str, Str, EnumOptions], DirectoryShims, "EnumerateFileSystemEntries", false),
        new(Directory, "GetParent", [Str], DirectoryShims, "GetParent", false),
        new(Directory, "GetLastWriteTime", [Str], DirectoryShims, "GetLastWriteTime", false),
        new(Directory, "GetLastWriteTimeUtc", [Str], DirectoryShims, "GetLastWriteTimeUtc", false),

        // FileInfo/DirectoryInfo: constructed on the host path (ToString keeps the inside one); path getters answer inside paths.
        new(FileInfo, ".ctor", [Str], InfoShims, "NewFileInfo", false),
        new(DirInfo, ".ctor", [Str], InfoShims, "NewDirectoryInfo", false),
        new(FsInfo, "get_FullName", [], InfoShims, "FullName", false, Virtual: true),
        new(FsInfo, "get_Name", [], InfoShims, "Name", false, Virtual: true),
        new(FsInfo, "Delete", [], InfoShims, "Delete", false, Virtual: true),
        new(FileInfo, "get_DirectoryName", [], InfoShims, "DirectoryName", false),
        new(FileInfo, "get_Directory", [], InfoShims, "Directory", false),
        new(FileInfo, "CopyTo", [Str], InfoShims, "CopyTo", false),
        new(FileInfo, "CopyTo", [Str, Bool], InfoShims, "CopyTo", false),
        new(FileInfo, "MoveTo", [Str], InfoShims, "MoveTo", false),
        new(FileInfo, "MoveTo", [Str, Bool], InfoShims, "MoveTo", false),
        new(FileInfo, "Open", [Mode], InfoShims, "Open", false),
        new(FileInfo, "Open", [Mode, Access], InfoShims, "Open", false),
        new(FileInfo, "Open", [Mode, Access, Share], InfoShims, "Open", false),
        new(FileInfo, "OpenRead", [], InfoShims, "OpenRead", false),
        new(FileInfo, "OpenWrite", [], InfoShims, "OpenWrite", false),
        new(FileInfo, "Create", [], InfoShims, "Create", false),
        new(FileInfo, "OpenText", [], InfoShims, "OpenText", false),
        new(FileInfo, "CreateText", [], InfoShims, "CreateText", false),
        new(FileInfo, "AppendText", [], InfoShims, "AppendText", false),
        new(DirInfo, "get_Parent", [], InfoShims, "Parent", false),
        new(DirInfo, "Create", [], InfoShims, "Create", false),
        new(DirInfo, "CreateSubdirectory", [Str], InfoShims, "CreateSubdirectory", false),
        new(DirInfo, "Delete", [Bool], InfoShims, "Delete", false),
        new(DirInfo, "GetFiles", [], InfoShims, "GetFiles", false),
        new(DirInfo, "GetFiles", [Str], InfoShims, "GetFiles", false),
        new(DirInfo, "GetFiles", [Str, Search], InfoShims, "GetFiles", false),
        new(DirInfo, "EnumerateFiles", [], InfoShims, "EnumerateFiles", false),
        new(DirInfo, "EnumerateFiles", [Str], InfoShims, "EnumerateFiles", false),
        new(DirInfo, "EnumerateFiles", [Str, Search], InfoShims, "EnumerateFiles", false),
        new(DirInfo, "GetDirectories", [], InfoShims, "GetDirectories", false),
        new(DirInfo, "GetDirectories", [Str], InfoShims, "GetDirectories", false),
        new(DirInfo, "GetDirectories", [Str, Search], InfoShims, "GetDirectories", false),
        new(DirInfo, "EnumerateDirectories", [], InfoShims, "EnumerateDirectories", false),
        new(DirInfo, "EnumerateDirectories", [Str], InfoShims, "EnumerateDirectories", false),
        new(DirInfo, "EnumerateDirectories", [Str, Search], InfoShims, "EnumerateDirectories", false),
        new(DirInfo, "GetFileSystemInfos", [], InfoShims, "GetFileSystemInfos", false),
        new(DirInfo, "GetFileSystemInfos", [Str], InfoShims, "GetFileSystemInfos", false),
        new(DirInfo, "EnumerateFileSystemInfos", [], InfoShims, "EnumerateFileSystemInfos", false),
        new(DirInfo, "EnumerateFileSystemInfos", [Str], InfoShims, "EnumerateFileSystemInfos", false),
        new(DirInfo, "GetFileSystemInfos", [Str, Search], InfoShims, "GetFileSystemInfos", false),
        new(DirInfo, "EnumerateFileSystemInfos", [Str, Search], InfoShims, "EnumerateFileSystemInfos", false),
        new(DirInfo, "GetFiles", [Str, EnumOptions], InfoShims, "GetFiles", false),
        new(DirInfo, "EnumerateFiles", [Str, EnumOptions], InfoShims, "EnumerateFiles", false),
        new(DirInfo, "GetDirectories", [Str, EnumOptions], InfoShims, "GetDirectories", false),
        new(DirInfo, "EnumerateDirectories", [Str, EnumOptions], InfoShims, "EnumerateDirectories", false),
        new(DirInfo, "GetFileSystemInfos", [Str, EnumOptions], InfoShims, "GetFileSystemInfos", false),
        new(DirInfo, "EnumerateFileSystemInfos", [Str, EnumOptions], InfoShims, "EnumerateFileSystemInfos", false),

        // File streams and text readers/writers by path: opened mapped, recorded (reopened at their position on restore).
        new(FileStream, ".ctor", [Str, Mode], StreamShims, "Create", false),
        new(FileStream, ".ctor", [Str, Mode, Access], StreamShims, "Create", false),
        new(FileStream, ".ctor", [Str, Mode, Access, Share], StreamShims, "Create", false),
        new(FileStream, ".ctor", [Str, Mode, Access, Share, Int], StreamShims, "Create", false),
        new(FileStream, ".ctor", [Str, Mode, Access, Share, Int, Bool], StreamShims, "Create", false),
        new(FileStream, ".ctor", [Str, Mode, Access, Share, Int, Options], StreamShims, "Create", false),
        new(FileStream, ".ctor", [Str, StreamOptions], StreamShims, "Create", false),
        new(FileStream, "get_Name", [], StreamShims, "Name", false, Virtual: true),
        new(StreamReader, ".ctor", [Str], StreamShims, "CreateReader", false),
        new(StreamReader, ".ctor", [Str, Bool], StreamShims, "CreateReader", false),
        new(StreamReader, ".ctor", [Str, Encoding], StreamShims, "CreateReader", false),
        new(StreamReader, ".ctor", [Str, Encoding, Bool], StreamShims, "CreateReader", false),
        new(StreamReader, ".ctor", [Str, Encoding, Bool, Int], StreamShims, "CreateReader", false),
        new(StreamReader, ".ctor", [Str, StreamOptions], StreamShims, "CreateReader", false),
        new(StreamWriter, ".ctor", [Str], StreamShims, "CreateWriter", false),
        new(StreamWriter, ".ctor", [Str, Bool], StreamShims, "CreateWriter", false),
        new(StreamWriter, ".ctor", [Str, Bool, Encoding], StreamShims, "CreateWriter", false),
        new(StreamWriter, ".ctor", [Str, Bool, Encoding, Int], StreamShims, "CreateWriter", false),
        new(StreamWriter, ".ctor", [Str, StreamOptions], StreamShims, "CreateWriter", false),
        // Writers over a stream the app opened itself: recorded so a checkpoint flushes them first.
        new(StreamWriter, ".ctor", [Stream], StreamShims, "CreateWriter", false),
        new(StreamWriter, ".ctor", [Stream, Encoding], StreamShims, "CreateWriter", false),
        new(StreamWriter, ".ctor", [Stream, Encoding, Int], StreamShims, "CreateWriter", false),
        new(StreamWriter, ".ctor", [Stream, Encoding, Int, Bool], StreamShims, "CreateWriter", false),

        // Paths that depend on process state (current and temp directory) answer from the view.
        new(Path, "GetTempPath", [], PathShims, "GetTempPath", false),
        new(Path, "GetTempFileName", [], PathShims, "GetTempFileName", false),
        new(Path, "GetFullPath", [Str], PathShims, "GetFullPath", false),

        // Environment: variables, names, process id and current directory as the view shows them.
        new(Environment, "GetEnvironmentVariable", [Str], EnvShims, "GetEnvironmentVariable", false),
        new(Environment, "GetEnvironmentVariable", [Str, EnvTarget], EnvShims, "GetEnvironmentVariable", false),
        new(Environment, "GetEnvironmentVariables", [], EnvShims, "GetEnvironmentVariables", false),
        new(Environment, "GetEnvironmentVariables", [EnvTarget], EnvShims, "GetEnvironmentVariables", false),
        new(Environment, "SetEnvironmentVariable", [Str, Str], EnvShims, "SetEnvironmentVariable", false),
        new(Environment, "SetEnvironmentVariable", [Str, Str, EnvTarget], EnvShims, "SetEnvironmentVariable", false),
        new(Environment, "ExpandEnvironmentVariables", [Str], EnvShims, "ExpandEnvironmentVariables", false),
        new(Environment, "get_MachineName", [], EnvShims, "MachineName", false),
        new(Environment, "get_UserName", [], EnvShims, "UserName", false),
        new(Environment, "get_ProcessId", [], EnvShims, "ProcessId", false),
        new(Environment, "GetFolderPath", [SpecialFolder], FolderShims, "GetFolderPath", false),
        new(Environment, "GetFolderPath", [SpecialFolder, SpecialFolderOption], FolderShims, "GetFolderPath", false),
        new(Environment, "get_CurrentDirectory", [], EnvShims, "GetCurrentDirectory", false),
        new(Environment, "set_CurrentDirectory", [Str], EnvShims, "SetCurrentDirectory", false),
        new("System.Net.Dns", "GetHostName", [], Net, "GetHostName", false),

        // Sockets: binds through the view's port mapping, connects through its policy; listeners recorded and
        // re-bound on restore; waiting for a connection or for a network line is a safe point.
        new(Socket, "Bind", [EndPoint], Net, "Bind", false),
        new(Socket, "Listen", [], Net, "Listen", false),
        new(Socket, "Listen", [Int], Net, "Listen", false),
        new(Socket, "Connect", [EndPoint], Net, "Connect", false),
        new(Socket, "Connect", [IPAddress, Int], Net, "Connect", false),
        new(Socket, "Connect", [Str, Int], Net, "Connect", false),
        new(Socket, "Accept", [], Net, "Accept", true),
        new(Socket, "get_LocalEndPoint", [], Net, "LocalEndPoint", false),
        new(TcpListener, ".ctor", [Int], Net, "NewTcpListener", false),
        new(TcpListener, ".ctor", [IPAddress, Int], Net, "NewTcpListener", false),
        new(TcpListener, ".ctor", [IPEndPoint], Net, "NewTcpListener", false),
        new(TcpListener, "Create", [Int], Net, "CreateTcpListener", false),
        new(TcpListener, "Start", [], Net, "Start", false),
        new(TcpListener, "Start", [Int], Net, "Start", false),
        new(TcpListener, "Stop", [], Net, "Stop", false),
        new(TcpListener, "get_LocalEndpoint", [], Net, "LocalEndpoint", false),
        new(TcpListener, "AcceptTcpClient", [], Net, "AcceptTcpClient", true),
        new(TcpListener, "AcceptSocket", [], Net, "AcceptSocket", true),
        new(TcpClient, ".ctor", [IPEndPoint], Net, "NewTcpClient", false),
        new(TcpClient, ".ctor", [Str, Int], Net, "NewTcpClient", false),
        new(TcpClient, "Connect", [Str, Int], Net, "Connect", false),
        new(TcpClient, "Connect", [IPAddress, Int], Net, "Connect", false),
        new(TcpClient, "Connect", [IPEndPoint], Net, "Connect", false),
        new(UdpClient, ".ctor", [Int], Net, "NewUdpClient", false),
        new(UdpClient, ".ctor", [Int, Family], Net, "NewUdpClient", false),
        new(UdpClient, ".ctor", [IPEndPoint], Net, "NewUdpClient", false),
        new(UdpClient, ".ctor", [Str, Int], Net, "NewUdpClient", false),
        new(UdpClient, "Connect", [Str, Int], Net, "Connect", false),
        new(UdpClient, "Connect", [IPAddress, Int], Net, "Connect", false),
        new(UdpClient, "Connect", [IPEndPoint], Net, "Connect", false),
        new("System.IO.TextReader", "ReadLine", [], Net, "ReadLine", true, Virtual: true),
        new("System.IO.StreamReader", "ReadLine", [], Net, "ReadLine", true, Virtual: true),
        new("System.IO.TextReader", "Read", [], NetRead, "Read", true, Virtual: true),
        new("System.IO.StreamReader", "Read", [], NetRead, "Read", true, Virtual: true),
        new("System.IO.TextReader", "Read", [Chars, Int, Int], NetRead, "Read", true, Virtual: true),
        new("System.IO.StreamReader", "Read", [Chars, Int, Int], NetRead, "Read", true, Virtual: true),
        new("System.IO.Stream", "Read", [Bytes, Int, Int], NetRead, "Read", true, Virtual: true),
        new("System.Net.Sockets.NetworkStream", "Read", [Bytes, Int, Int], NetRead, "Read", true, Virtual: true),
        new("System.IO.Stream", "ReadByte", [], NetRead, "ReadByte", true, Virtual: true),
        new("System.Net.Sockets.NetworkStream", "ReadByte", [], NetRead, "ReadByte", true, Virtual: true),
        new(Socket, "Receive", [Bytes], NetRead, "Receive", true),

        // Processes: the view's policy decides before a start.
        new(Process, "Start", [Str], ProcessShims, "Start", false),
        new(Process, "Start", [Str, Str], ProcessShims, "Start", false),
        new(Process, "Start", [Str, StringSeq], ProcessShims, "Start", false),
        new(Process, "Start", ["System.Diagnostics.ProcessStartInfo"], ProcessShims, "Start", false),
        new(Process, "Start", [], ProcessShims, "Start", false),

        // Timers: callbacks run as app work items; the schedule is kept so an image can re-arm them.
        new(Timer, ".ctor", [TimerCallback], TimerShims, "Create", false),
        new(Timer, ".ctor", [TimerCallback, Object, Int, Int], TimerShims, "Create", false),
        new(Timer, ".ctor", [TimerCallback, Object, Long, Long], TimerShims, "Create", false),
        new(Timer, ".ctor", [TimerCallback, Object, UInt, UInt], TimerShims, "Create", false),
        new(Timer, ".ctor", [TimerCallback, Object, TimeSpan, TimeSpan], TimerShims, "Create", false),
        new(Timer, "Change", [Int, Int], TimerShims, "Change", false),
        new(Timer, "Change", [Long, Long], TimerShims, "Change", false),
        new(Timer, "Change", [UInt, UInt], TimerShims, "Change", false),
        new(Timer, "Change", [TimeSpan, TimeSpan], TimerShims, "Change", false),
        new(Timer, "Dispose", [], TimerShims, "Dispose", false),
        new(Timer, "Dispose", ["System.Threading.WaitHandle"], TimerShims, "Dispose", false),
    ];

    private static readonly Dictionary<string, InterceptionRule> s_byKey = Rules.ToDictionary(r => r.Key);

    public static InterceptionRule? Find(string type, string method, IEnumerable<string> parameters) =>
        s_byKey.GetValueOrDefault(InterceptionRule.Describe(type, method, parameters));
}
