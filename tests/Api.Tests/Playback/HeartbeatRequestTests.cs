using System.ComponentModel.DataAnnotations;
using Marquee.Api.Playback;

namespace Marquee.Api.Tests.Playback;

/// <summary>The heartbeat's own validation (the filter skips the type) agrees with its attribute rules.</summary>
public sealed class HeartbeatRequestTests
{
    public static TheoryData<double?, int?, int?, string?, string?> Boundaries()
    {
        var data = new TheoryData<double?, int?, int?, string?, string?>();
        double?[] positions = [null, -0.001, 0, 1_000_000, 1_000_000.001];
        int?[] bitrates = [null, -1, 0, 1_000_000, 1_000_001];
        int?[] buffering = [null, -1, 0, 3_600_000, 3_600_001];
        foreach (var position in positions)
        {
            data.Add(position, 3000, 0, null, null);
        }

        foreach (var bitrate in bitrates)
        {
            data.Add(10, bitrate, 0, null, null);
        }

        foreach (var buffer in buffering)
        {
            data.Add(10, 3000, buffer, null, null);
        }

        string?[] nodes = [null, "", "n", new string('n', 64), new string('n', 65)];
        foreach (var node in nodes)
        {
            data.Add(10, 3000, 0, node, "stalled");
        }

        string?[] messages = [null, "", new string('m', 500), new string('m', 501)];
        foreach (var message in messages)
        {
            data.Add(10, 3000, 0, "edge-1", message);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void IsValid_AgreesWithTheAttributeRules(double? position, int? bitrate, int? buffering, string? nodeId, string? message)
    {
        var error = nodeId is null && message is null ? null : new PlaybackErrorRequest(nodeId, message);
        var request = new HeartbeatRequest(position, bitrate, buffering, error);

        var byAttributes = Validator.TryValidateObject(request, new ValidationContext(request), [], validateAllProperties: true)
            && (error is null || Validator.TryValidateObject(error, new ValidationContext(error), [], validateAllProperties: true));

        Assert.Equal(byAttributes, request.IsValid);
        Assert.Equal(byAttributes, request.ValidationErrors() is null);
    }

    [Fact]
    public void ValidationErrors_NameEachFailingMember()
    {
        var request = new HeartbeatRequest(-1, null, 0, new PlaybackErrorRequest(null, "x"));

        var errors = request.ValidationErrors();

        Assert.NotNull(errors);
        Assert.Equal(["BitrateKbps", "Error.NodeId", "PositionSeconds"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
