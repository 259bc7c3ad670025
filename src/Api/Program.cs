using Marquee.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMarqueeOrleans();
builder.AddMarqueeOps();
builder.AddMarqueeApi();

var app = builder.Build();
app.UseMarqueeGateway();
app.MapMarqueeOps();
app.MapMarqueeEndpoints();
app.Run();

/// <summary>The API's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
