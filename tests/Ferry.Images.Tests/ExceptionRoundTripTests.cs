using System.Runtime.ExceptionServices;
using Ferry.Images.Graph;
using Ferry.Images.Inspection;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

public class ExceptionRoundTripTests
{
    private static int Level3(int i) => i % 5 == 2 ? throw new ArgumentOutOfRangeException(nameof(i), i, "level3 rejects " + i) : i;

    /// <summary>The ExceptionsRethrow scenario's shape: a wrapped, thrown and caught exception with an inner one.</summary>
    private static LedgerException Caught(int i)
    {
        try
        {
            try
            {
                Level3(i);
                throw new InvalidOperationException("not reached");
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new LedgerException("wrapped " + i, i + 1000, e);
            }
        }
        catch (LedgerException e)
        {
            return e;
        }
    }

    [Fact]
    public void ACaughtAppExceptionKeepsItsMessageFieldsInnerExceptionAndStackTrace()
    {
        var original = Caught(7);
        original.HelpLink = "https://example.invalid/help";
        var job = new Job { LastError = original, Errors = { original, original.InnerException! } };
        var copy = Copy(job);

        var e = Assert.IsType<LedgerException>(copy.LastError);
        Assert.Same(e, copy.Errors[0]);
        Assert.Same(e.InnerException, copy.Errors[1]);
        Assert.Equal("wrapped 7", e.Message);
        Assert.Equal(1007, e.Code);
        Assert.Equal(original.HResult, e.HResult);
        Assert.Equal(original.HelpLink, e.HelpLink);
        Assert.Equal(original.Source, e.Source);
        Assert.NotNull(original.StackTrace);
        Assert.Equal(original.StackTrace, e.StackTrace);
        Assert.Equal(original.ToString(), e.ToString());

        var inner = Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
        Assert.Equal(7, inner.ActualValue);
        Assert.Equal("i", inner.ParamName);
        Assert.Equal(original.InnerException!.Message, inner.Message); // computed from _message, param name and value
        Assert.Equal(original.InnerException.StackTrace, inner.StackTrace);
    }

    [Fact]
    public void ARestoredExceptionCanBeCaughtAndRethrown()
    {
        var original = Caught(2);
        var copy = Copy(original);
        var thrown = Assert.Throws<LedgerException>(void () => throw copy);
        Assert.Same(copy, thrown);
        Assert.Equal(1002, thrown.Code);

        var again = Copy(original);
        try
        {
            ExceptionDispatchInfo.Capture(again).Throw();
        }
        catch (LedgerException e)
        {
            // The trace from before the checkpoint stays in front of the frames of the new throw.
            Assert.StartsWith(original.StackTrace!, e.StackTrace);
            Assert.Contains(nameof(ARestoredExceptionCanBeCaughtAndRethrown), e.StackTrace![original.StackTrace!.Length..]);
        }
    }

    [Fact]
    public void AppSubclassesOfFrameworkExceptionsKeepBothKindsOfFields()
    {
        var original = new ValidationException("bad input", "name", ["too short", "not unique"]) { Severity = Color.Blue };
        original.Data["attempt"] = 3;
        original.Data["field"] = "name";
        original.Data[Color.Red] = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        original.Data["graph"] = new Node { Value = 1 }; // not a plain value: dropped
        original.Data["nothing"] = null;
        var copy = Copy(original);
        Assert.Equal("name", copy.ParamName);
        Assert.Equal(original.Message, copy.Message);
        Assert.Equal(["too short", "not unique"], copy.Errors);
        Assert.Equal(Color.Blue, copy.Severity);
        Assert.Null(copy.StackTrace); // never thrown
        Assert.Equal(3, copy.Data["attempt"]);
        Assert.Equal("name", copy.Data["field"]);
        Assert.Equal(original.Data[Color.Red], copy.Data[Color.Red]);
        Assert.True(copy.Data.Contains("nothing"));
        Assert.False(copy.Data.Contains("graph"));
        Assert.Equal(4, copy.Data.Count);
    }

    [Fact]
    public void CommonFrameworkExceptionsRoundTrip()
    {
        Exception[] originals =
        [
            new InvalidOperationException("state"), new FormatException("format"), new OverflowException("overflow"),
            new KeyNotFoundException("key"), new ObjectDisposedException("thing", "gone"), new ArgumentNullException("arg", "null!"),
            new System.IO.FileNotFoundException("missing", "a.txt"), new NotFiniteNumberException("nan", 1.5),
            new NotSupportedException(), new Exception("plain", new TimeoutException("slow")), new ApplicationException("app"),
        ];
        var copies = Copy(originals);
        for (int i = 0; i < originals.Length; i++)
        {
            Assert.IsType(originals[i].GetType(), copies[i]);
            Assert.Equal(originals[i].Message, copies[i].Message);
            Assert.Equal(originals[i].HResult, copies[i].HResult);
            Assert.Equal(originals[i].ToString(), copies[i].ToString());
        }
        Assert.Equal("thing", ((ObjectDisposedException)copies[4]).ObjectName);
        Assert.Equal("a.txt", ((System.IO.FileNotFoundException)copies[6]).FileName);
        Assert.Equal(1.5, ((NotFiniteNumberException)copies[7]).OffendingNumber);
        Assert.IsType<TimeoutException>(copies[9].InnerException);
    }

    [Fact]
    public void AnAggregateExceptionKeepsItsInnerExceptions()
    {
        var first = new InvalidOperationException("first");
        var aggregate = new AggregateException("several", first, new FormatException("second"));
        _ = aggregate.InnerExceptions; // the read-only view is made on first use
        var copy = Copy(new object[] { aggregate, first });
        var restored = Assert.IsType<AggregateException>(copy[0]);
        Assert.Equal(aggregate.Message, restored.Message);
        Assert.Equal(2, restored.InnerExceptions.Count);
        Assert.Same(copy[1], restored.InnerExceptions[0]);
        Assert.Same(copy[1], restored.InnerException);
        Assert.Equal("second", Assert.IsType<FormatException>(restored.InnerExceptions[1]).Message);
        Assert.Equal(aggregate.ToString(), restored.ToString());
        Assert.IsType<FormatException>(restored.Flatten().InnerExceptions[1]);
    }

    [Fact]
    public void OperationCanceledExceptionsKeepTheirCanceledToken()
    {
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        OperationCanceledException fromToken;
        try
        {
            canceled.Token.ThrowIfCancellationRequested();
            throw new InvalidOperationException("not canceled");
        }
        catch (OperationCanceledException e)
        {
            fromToken = e;
        }
        var copy = Copy(new object[] { fromToken, new OperationCanceledException("plain"), new OperationCanceledException("preset", new CancellationToken(true)) });
        var restored = Assert.IsType<OperationCanceledException>(copy[0]);
        Assert.Equal(fromToken.Message, restored.Message);
        Assert.True(restored.CancellationToken.IsCancellationRequested);
        Assert.Throws<OperationCanceledException>(() => restored.CancellationToken.ThrowIfCancellationRequested());
        bool ran = false;
        restored.CancellationToken.Register(() => ran = true); // a canceled token runs a new callback at once
        Assert.True(ran);
        Assert.Equal(CancellationToken.None, Assert.IsType<OperationCanceledException>(copy[1]).CancellationToken);
        Assert.True(Assert.IsType<OperationCanceledException>(copy[2]).CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public void ExceptionsThatHoldLiveFrameworkStateAreRefused()
    {
        var s = new ObjectGraphSerializer(Allowlist());
        using var live = new CancellationTokenSource();
        var ex = Assert.Throws<ImageWriteException>(() => Write(s, ("root", new Job { LastError = new OperationCanceledException("stop", live.Token) })));
        Assert.Contains("a CancellationTokenSource that is not canceled yet cannot be captured", ex.Message);
        Assert.Contains("LastError", ex.Message);
        var taskCanceled = Assert.Throws<ImageWriteException>(() => Write(s, ("root", new Job { LastError = new TaskCanceledException("gone") })));
        Assert.Contains("not allowed", taskCanceled.Message);
    }

    [Fact]
    public void InspectionShowsExceptions()
    {
        var s = new ObjectGraphSerializer(Allowlist());
        var original = Caught(12);
        original.Data["n"] = 1;
        var view = ImageDocument.Load(new MemoryStream(Write(s, ("root", original)))).Graph!;
        var e = view.Objects.First(o => o.Kind == "exception");
        Assert.Equal("Ferry.Images.Tests.LedgerException", e.TypeName);
        Assert.Equal("wrapped 12", view.Resolve(e["Message"])!.Value);
        Assert.Equal(1012, e["Code"].Value);
        Assert.Equal(original.StackTrace, view.Resolve(e["StackTrace"])!.Value);
        Assert.Equal("exception", view.Resolve(e["InnerException"])!.Kind);
        Assert.Single(e.Entries);
    }
}
