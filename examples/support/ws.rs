//! The network: blocking WebSocket functions over tungstenite, one job each.
//!
//! Reads wait at most a given time (a read timeout on the socket), so one
//! thread can run a heartbeat timer and a mock can watch its control
//! channel without extra threads. A timed-out read loses nothing:
//! tungstenite keeps a partial frame buffered until the next read.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::thread;
use std::time::{Duration, Instant};

use tungstenite::client::IntoClientRequest;
use tungstenite::handshake::HandshakeError;
use tungstenite::handshake::server::{Request, Response};
use tungstenite::protocol::CloseFrame;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Bytes, Error, Message, WebSocket};

/// The bot's side of a connection: plain TCP for `ws://`, rustls for `wss://`.
pub type ClientSocket = WebSocket<MaybeTlsStream<TcpStream>>;
/// The mock's side of a connection.
pub type ServerSocket = WebSocket<TcpStream>;

/// How long connecting (TCP, TLS and the WebSocket handshake) may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// What one read brought.
#[derive(Debug)]
pub enum Incoming {
    /// A binary message: an ETF payload.
    Binary(Bytes),
    /// A text message (never valid with `encoding=etf`).
    Text(String),
    /// The peer closed with this code (`None`: a close frame without one).
    Closed(Option<u16>),
    /// The connection ended without a close frame.
    Dropped(String),
    /// Nothing arrived in time.
    Timeout,
}

/// Opens a WebSocket to a `ws://` or `wss://` URL.
pub fn connect(url: &str) -> Result<ClientSocket, Error> {
    let request = url.into_client_request()?;
    let uri = request.uri();
    let host = uri.host().unwrap_or_default().trim_matches(['[', ']']);
    let tls = uri.scheme_str() == Some("wss");
    let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
    let addr = resolve(host, port)?;
    let tcp = TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT)?;
    tcp.set_nodelay(true)?;
    tcp.set_read_timeout(Some(CONNECT_TIMEOUT))?;
    tcp.set_write_timeout(Some(CONNECT_TIMEOUT))?;
    if tls {
        // The ring provider, chosen once per process (a second install is a
        // harmless no-op error).
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    match tungstenite::client_tls(request, tcp) {
        Ok((socket, _response)) => Ok(socket),
        Err(HandshakeError::Failure(e)) => Err(e),
        Err(HandshakeError::Interrupted(_)) => Err(io::Error::from(io::ErrorKind::TimedOut).into()),
    }
}

/// The first address of `host:port`.
fn resolve(host: &str, port: u16) -> io::Result<SocketAddr> {
    (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address")))
}

/// Sets how long the next reads of the bot's socket wait (at least 1 ms:
/// a zero timeout would mean "forever").
pub fn set_client_timeout(socket: &ClientSocket, wait: Duration) -> io::Result<()> {
    let wait = Some(wait.max(Duration::from_millis(1)));
    match socket.get_ref() {
        MaybeTlsStream::Plain(tcp) => tcp.set_read_timeout(wait),
        MaybeTlsStream::Rustls(tls) => tls.get_ref().set_read_timeout(wait),
        _ => Ok(()),
    }
}

/// Sends one binary message.
pub fn send_binary<S: io::Read + io::Write>(socket: &mut WebSocket<S>, frame: &[u8]) -> Result<(), Error> {
    socket.send(Message::binary(frame.to_vec()))
}

/// Sends a close frame with a code and a reason.
pub fn send_close<S: io::Read + io::Write>(
    socket: &mut WebSocket<S>,
    code: u16,
    reason: &str,
) -> Result<(), Error> {
    socket.close(Some(CloseFrame { code: code.into(), reason: reason.into() }))?;
    socket.flush()
}

/// Reads one message, waiting as long as the socket's read timeout.
/// Pings and pongs are answered inside tungstenite and read as `Timeout`.
pub fn read<S: io::Read + io::Write>(socket: &mut WebSocket<S>) -> Incoming {
    match socket.read() {
        Ok(Message::Binary(b)) => Incoming::Binary(b),
        Ok(Message::Text(t)) => Incoming::Text(t.as_str().to_owned()),
        Ok(Message::Close(frame)) => Incoming::Closed(frame.map(|f| u16::from(f.code))),
        Ok(_) => Incoming::Timeout,
        Err(Error::Io(e)) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
            Incoming::Timeout
        }
        Err(e) => Incoming::Dropped(e.to_string()),
    }
}

/// After a close frame was sent: reads and discards until the peer answers
/// the close or `limit` passes, so the peer reads the close frame before the
/// socket goes away (closing with unread data would reset the connection
/// and could destroy the close frame in flight).
pub fn drain<S: io::Read + io::Write>(socket: &mut WebSocket<S>, limit: Duration) {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        match socket.read() {
            Ok(_) => {}
            Err(Error::Io(e)) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

/// A listener on 127.0.0.1 with a port chosen by the system.
pub fn listen() -> io::Result<TcpListener> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Accepts one connection if one arrives within `wait`, completes the
/// WebSocket handshake and returns the socket (reads time out after
/// `read_timeout`) with the request's path and query.
pub fn accept(
    listener: &TcpListener,
    wait: Duration,
    read_timeout: Duration,
) -> io::Result<Option<(ServerSocket, String)>> {
    let end = Instant::now() + wait;
    let tcp = loop {
        match listener.accept() {
            Ok((tcp, _)) => break tcp,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < end => {
                thread::sleep(Duration::from_millis(2));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(None),
            Err(e) => return Err(e),
        }
    };
    tcp.set_nonblocking(false)?;
    tcp.set_nodelay(true)?;
    tcp.set_read_timeout(Some(CONNECT_TIMEOUT))?;
    tcp.set_write_timeout(Some(CONNECT_TIMEOUT))?;
    let mut path = String::new();
    // The signature is tungstenite's `Callback`.
    #[allow(clippy::result_large_err)]
    let remember_path = |request: &Request, response: Response| {
        path = request.uri().to_string();
        Ok(response)
    };
    let socket = match tungstenite::accept_hdr(tcp, remember_path) {
        Ok(socket) => socket,
        // A client that gives up mid-handshake is its own problem.
        Err(_) => return Ok(None),
    };
    socket.get_ref().set_read_timeout(Some(read_timeout))?;
    Ok(Some((socket, path)))
}

/// Ends a connection at once, without a close frame: a dropped connection
/// as the peer sees it.
pub fn cut(socket: ServerSocket) {
    let _ = socket.get_ref().shutdown(std::net::Shutdown::Both);
}
