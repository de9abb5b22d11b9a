#include "HttpClient.h"

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <sstream>

namespace caldav::testing {

std::string HttpResult::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (Poco::icompare(key, name) == 0) return value;
  }
  return "";
}

HttpClient::HttpClient(const std::string& host, unsigned short port) : session_(host, port) {
  session_.setKeepAlive(true);
  session_.setTimeout(Poco::Timespan(30, 0));
}

std::string HttpClient::basic(const std::string& user, const std::string& password) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << user << ":" << password;
  encoder.close();
  return "Basic " + out.str();
}

HttpResult HttpClient::send(const std::string& method, const std::string& target, const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& authorization) {
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  if (!authorization.empty()) request.set("Authorization", authorization);
  bool isChunked = false;
  for (const auto& [name, value] : headers) {
    if (Poco::icompare(name, "Transfer-Encoding") == 0 && value == "chunked") isChunked = true;
    request.set(name, value);
  }
  if (isChunked) {
    request.setChunkedTransferEncoding(true);
  } else if (!body.empty() || method == "PUT") {
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  std::ostream& out = session_.sendRequest(request);
  out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session_.receiveResponse(response);
  HttpResult result;
  result.status = response.getStatus();
  for (const auto& [name, value] : response) result.headers.emplace_back(name, value);
  if (method != "HEAD") Poco::StreamCopier::copyToString(in, result.body);
  return result;
}

HttpResult HttpClient::sendAs(const std::string& user, const std::string& password, const std::string& method,
                              const std::string& target, const std::string& body,
                              const std::vector<std::pair<std::string, std::string>>& headers) {
  return send(method, target, body, headers, basic(user, password));
}

std::string HttpClient::raw(const std::string& host, unsigned short port, const std::string& bytes) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(host, port));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  socket.shutdownSend();
  std::string answer;
  char buffer[4096];
  try {
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  } catch (const Poco::Exception&) {
  }
  return answer;
}

}  // namespace caldav::testing
