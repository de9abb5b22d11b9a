// The outbound iTIP queue (OutboundMessageRecord, RFC 6638 §3.2 for recipients without a
// local principal): enqueued by the write path in the transaction of the change that caused
// the message, read and updated by the notifications worker that sends them (iMIP).
#include "storage/sql/SqlReads.h"
#include "storage/sql/SqlWriteTransaction.h"

#include <Poco/Tuple.h>

#include <algorithm>
#include <limits>

namespace caldav::storage::sql {

namespace {

constexpr const char* kOutboundColumns =
    "id, created_at, sender, recipient, method, uid, origin_path, body, status, attempts, next_attempt_at, "
    "last_error";

using OutboundRow = Poco::Tuple<Poco::Int64, Poco::Int64, std::string, std::string, std::string, std::string,
                                std::string, std::string, std::string, Poco::Int64, Poco::Int64, std::string>;

OutboundMessageRecord rowToOutbound(OutboundRow&& row) {
  OutboundMessageRecord message;
  message.id = row.get<0>();
  message.createdAt = row.get<1>();
  message.sender = std::move(row.get<2>());
  message.recipient = std::move(row.get<3>());
  message.method = std::move(row.get<4>());
  message.uid = std::move(row.get<5>());
  message.originPath = std::move(row.get<6>());
  message.body = std::move(row.get<7>());
  message.status = std::move(row.get<8>());
  message.attempts = row.get<9>();
  message.nextAttemptAt = row.get<10>();
  message.lastError = std::move(row.get<11>());
  return message;
}

}  // namespace

template <typename Base>
std::vector<OutboundMessageRecord> SqlReads<Base>::outboundMessages(const OutboundQuery& query) {
  // Index outbound_messages_due (status, next_attempt_at) serves the worker's question
  // "which pending messages are due".
  Params params;
  std::string sql = std::string("SELECT ") + kOutboundColumns + " FROM outbound_messages WHERE 1 = 1";
  if (!query.status.empty()) {
    sql += " AND status = ?";
    params.push_back(arg(query.status));
    if (query.status == "pending" && query.dueBy != 0) {
      sql += " AND next_attempt_at <= ?";
      params.push_back(arg(Poco::Int64{query.dueBy}));
    }
  }
  const auto limit =
      static_cast<Poco::Int64>(std::min<std::size_t>(query.limit, std::numeric_limits<Poco::Int64>::max()));
  sql += " ORDER BY id LIMIT ?";
  params.push_back(arg(limit));
  std::vector<OutboundRow> rows;
  connection().exec(sql, params, into(rows));
  std::vector<OutboundMessageRecord> messages;
  messages.reserve(rows.size());
  for (auto& row : rows) {
    messages.push_back(rowToOutbound(std::move(row)));
  }
  return messages;
}

template std::vector<OutboundMessageRecord> SqlReads<ReadTransaction>::outboundMessages(const OutboundQuery&);
template std::vector<OutboundMessageRecord> SqlReads<WriteTransaction>::outboundMessages(const OutboundQuery&);

std::int64_t SqlWriteTransaction::enqueueOutbound(const OutboundMessageRecord& message) {
  std::vector<Poco::Int64> ids;
  connection().exec(
      "INSERT INTO outbound_messages (created_at, sender, recipient, method, uid, origin_path, body, status, "
      "attempts, next_attempt_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      arg(Poco::Int64{message.createdAt}), arg(message.sender), arg(message.recipient), arg(message.method),
      arg(message.uid), arg(message.originPath), arg(message.body), arg(message.status),
      arg(Poco::Int64{message.attempts}), arg(Poco::Int64{message.nextAttemptAt}), arg(message.lastError),
      into(ids));
  return ids.front();
}

void SqlWriteTransaction::updateOutbound(const OutboundMessageRecord& message) {
  std::vector<Poco::Int64> ids;
  connection().exec("UPDATE outbound_messages SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? "
                    "WHERE id = ? RETURNING id",
                    arg(message.status), arg(Poco::Int64{message.attempts}), arg(Poco::Int64{message.nextAttemptAt}),
                    arg(message.lastError), arg(Poco::Int64{message.id}), into(ids));
  if (ids.empty()) {
    throw StoreError(StoreError::Code::NotFound, "no outbound message with id " + std::to_string(message.id));
  }
}

}  // namespace caldav::storage::sql
