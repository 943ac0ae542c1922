using Ferry.Images;
using Ferry.Images.Graph;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Imaging;
using Ferry.Runtime.Tests.Threading;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Tests.Imaging;

/// <summary>
/// Tasks through the real image serializer and <see cref="RuntimeSurrogates"/>: the reader hands out a
/// task's surrogate before the record behind it has its fields, so only the end of the read can tell
/// whether the restored Task must start completed.
/// </summary>
public sealed class TaskImageTests : AppHarness
{
    [Fact]
    public void Tasks_done_in_the_image_are_done_after_a_read_and_pending_ones_complete_through_their_record()
    {
        var done = TaskShims.Run(() => "kept");
        var failed = TaskShims.Run(new Action(() => throw new InvalidOperationException("kept too")));
        Assert.Equal("kept", TaskShims.Result(done));
        Assert.Throws<AggregateException>(() => TaskShims.Wait(failed));
        var pendingRecord = new FerryTask<int>();
        var pending = TaskRecords.Start<Task<int>>(pendingRecord);

        // Tasks first, as a waiting thread's frame holds them; the record after, as its work item does.
        var restored = RoundTrip(new object[] { done, failed, pending, pendingRecord });

        var restoredDone = Assert.IsType<Task<string>>(restored[0], exactMatch: false);
        Assert.NotSame(done, restoredDone);
        Assert.True(restoredDone.IsCompletedSuccessfully);
        Assert.Equal("kept", TaskShims.Result(restoredDone));
        var restoredFailed = Assert.IsAssignableFrom<Task>(restored[1]);
        Assert.True(restoredFailed.IsFaulted);
        Assert.Equal("kept too", Assert.IsType<InvalidOperationException>(restoredFailed.Exception!.InnerException).Message);

        // The pending task and the record its work item completes are one pair after the read.
        var restoredPending = Assert.IsType<Task<int>>(restored[2], exactMatch: false);
        var restoredRecord = Assert.IsType<FerryTask<int>>(restored[3]);
        Assert.True(TaskShims.TryGetRecord(restoredPending, out var behind));
        Assert.Same(restoredRecord, behind);
        Assert.False(restoredPending.IsCompleted);
        restoredRecord.Result = 99;
        TaskRecords.Complete(restoredRecord, null);
        Assert.Equal(99, TaskShims.Result(restoredPending));

        // New tasks get ids above every restored one.
        Assert.True(TaskShims.TryGetRecord(TaskShims.Run(() => 0), out var fresh));
        Assert.True(TaskShims.TryGetRecord(restoredFailed, out var failedRecord));
        Assert.True(fresh.Id > failedRecord.Id);
        WaitUntil(() => AppThreads.LiveCount == 0, "task threads end");
    }

    private static object[] RoundTrip(object[] root)
    {
        var serializer = new ObjectGraphSerializer(ImageSerializer.Allowlist(), new RuntimeSurrogates());
        var image = new MemoryStream();
        using (var writer = ImageWriter.Create(image, new ImageHeader(), new ImageWriterOptions(), leaveOpen: true))
        {
            serializer.Write(writer, ("root", (object?)root));
            writer.Commit();
        }
        image.Position = 0;
        using var reader = ImageReader.Open(image);
        return (object[])serializer.Read(reader)["root"]!;
    }
}
