import { connect, type Socket } from "node:net";
import { CliError } from "../errors.js";

/** Splits "host:port" from a socket:// or rfc2217:// URL; throws a plain Error on a bad one. */
export function hostAndPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  const port = Number(parsed.port);
  if (!parsed.hostname || !Number.isInteger(port) || port <= 0)
    throw new Error(`'${url}' needs a host and a port, e.g. socket://127.0.0.1:5555.`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port };
}

const serverAdvice = (host: string, port: number) =>
  `Check that the serial server at ${host}:${port} is running and reachable (virtual-esp serve, esp_rfc2217_server, ser2net …), then retry.`;

/** Opens a TCP connection with Nagle off (the protocol is many small frames); fails with a CliError. */
export function openSocket(host: string, port: number, timeoutMs = 5000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new CliError(
          "port-open-failed",
          `Could not open a connection to ${host}:${port}: no answer within ${timeoutMs / 1000} s.`,
          serverAdvice(host, port),
        ),
      );
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new CliError(
          "port-open-failed",
          `Could not open a connection to ${host}:${port}: ${error.message}`,
          serverAdvice(host, port),
          { cause: error },
        ),
      );
    });
  });
}

export function writeSocket(socket: Socket, data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new Error("The connection is closed."));
      return;
    }
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

export function endSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    socket.once("close", () => resolve());
    socket.end();
    setTimeout(() => socket.destroy(), 500).unref();
  });
}
