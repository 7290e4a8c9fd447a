/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $String = $util.global.String, $BigInt = $util.global.BigInt, $Boolean = $util.global.Boolean, $Array = $util.global.Array;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const im = $root.im = (() => {

    /**
     * Namespace im.
     * @exports im
     * @namespace
     */
    const im = {};

    im.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof im
         * @namespace
         */
        const v1 = {};

        v1.Heartbeat = (function() {

            /**
             * Properties of a Heartbeat.
             * @typedef {Object} im.v1.Heartbeat.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Heartbeat.
             * @memberof im.v1
             * @interface IHeartbeat
             * @augments im.v1.Heartbeat.$Properties
             * @deprecated Use im.v1.Heartbeat.$Properties instead.
             */

            /**
             * Shape of a Heartbeat.
             * @typedef {im.v1.Heartbeat.$Properties} im.v1.Heartbeat.$Shape
             */

            /**
             * Constructs a new Heartbeat.
             * @memberof im.v1
             * @classdesc Represents a Heartbeat.
             * @constructor
             * @param {im.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Heartbeat = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @function create
             * @memberof im.v1.Heartbeat
             * @static
             * @param {im.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @returns {im.v1.Heartbeat} Heartbeat instance
             * @type {{
             *   (properties: im.v1.Heartbeat.$Shape): im.v1.Heartbeat & im.v1.Heartbeat.$Shape;
             *   (properties?: im.v1.Heartbeat.$Properties): im.v1.Heartbeat;
             * }}
             */
            Heartbeat.create = function(properties) {
                return new Heartbeat(properties);
            };

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link im.v1.Heartbeat.verify|verify} messages.
             * @function encode
             * @memberof im.v1.Heartbeat
             * @static
             * @param {im.v1.Heartbeat.$Properties} message Heartbeat message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Heartbeat.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.Heartbeat
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.Heartbeat & im.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Heartbeat.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.Heartbeat();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Heartbeat message.
             * @function verify
             * @memberof im.v1.Heartbeat
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Heartbeat.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                return null;
            };

            /**
             * Creates a Heartbeat message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.Heartbeat
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.Heartbeat} Heartbeat
             */
            Heartbeat.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.Heartbeat)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.Heartbeat: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                return new $root.im.v1.Heartbeat();
            };

            /**
             * Creates a plain object from a Heartbeat message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.Heartbeat
             * @static
             * @param {im.v1.Heartbeat} message Heartbeat
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Heartbeat.toObject = function () {
                return {};
            };

            /**
             * Converts this Heartbeat to JSON.
             * @function toJSON
             * @memberof im.v1.Heartbeat
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Heartbeat.prototype.toJSON = function() {
                return Heartbeat.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Heartbeat;
        })();

        v1.Acknowledge = (function() {

            /**
             * Properties of an Acknowledge.
             * @typedef {Object} im.v1.Acknowledge.$Properties
             * @property {number|Long|null} [ack] Acknowledge ack
             * @property {string|null} [conversationId] Acknowledge conversationId
             * @property {number|Long|null} [seqId] Acknowledge seqId
             * @property {number|Long|null} [createdAt] Acknowledge createdAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Acknowledge.
             * @memberof im.v1
             * @interface IAcknowledge
             * @augments im.v1.Acknowledge.$Properties
             * @deprecated Use im.v1.Acknowledge.$Properties instead.
             */

            /**
             * Shape of an Acknowledge.
             * @typedef {im.v1.Acknowledge.$Properties} im.v1.Acknowledge.$Shape
             */

            /**
             * Constructs a new Acknowledge.
             * @memberof im.v1
             * @classdesc Represents an Acknowledge.
             * @constructor
             * @param {im.v1.Acknowledge.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Acknowledge = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Acknowledge ack.
             * @member {number|Long} ack
             * @memberof im.v1.Acknowledge
             * @instance
             */
            Acknowledge.prototype.ack = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Acknowledge conversationId.
             * @member {string} conversationId
             * @memberof im.v1.Acknowledge
             * @instance
             */
            Acknowledge.prototype.conversationId = "";

            /**
             * Acknowledge seqId.
             * @member {number|Long} seqId
             * @memberof im.v1.Acknowledge
             * @instance
             */
            Acknowledge.prototype.seqId = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Acknowledge createdAt.
             * @member {number|Long} createdAt
             * @memberof im.v1.Acknowledge
             * @instance
             */
            Acknowledge.prototype.createdAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new Acknowledge instance using the specified properties.
             * @function create
             * @memberof im.v1.Acknowledge
             * @static
             * @param {im.v1.Acknowledge.$Properties=} [properties] Properties to set
             * @returns {im.v1.Acknowledge} Acknowledge instance
             * @type {{
             *   (properties: im.v1.Acknowledge.$Shape): im.v1.Acknowledge & im.v1.Acknowledge.$Shape;
             *   (properties?: im.v1.Acknowledge.$Properties): im.v1.Acknowledge;
             * }}
             */
            Acknowledge.create = function(properties) {
                return new Acknowledge(properties);
            };

            /**
             * Encodes the specified Acknowledge message. Does not implicitly {@link im.v1.Acknowledge.verify|verify} messages.
             * @function encode
             * @memberof im.v1.Acknowledge
             * @static
             * @param {im.v1.Acknowledge.$Properties} message Acknowledge message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Acknowledge.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack") && (typeof message.ack === "object" ? message.ack.low || message.ack.high : message.ack !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.ack);
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId") && message.conversationId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.conversationId);
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId") && (typeof message.seqId === "object" ? message.seqId.low || message.seqId.high : message.seqId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.seqId);
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt") && (typeof message.createdAt === "object" ? message.createdAt.low || message.createdAt.high : message.createdAt !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.createdAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Acknowledge message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.Acknowledge
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.Acknowledge & im.v1.Acknowledge.$Shape} Acknowledge
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Acknowledge.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.Acknowledge();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.ack = value;
                            else
                                delete message.ack;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.conversationId = value;
                            else
                                delete message.conversationId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqId = value;
                            else
                                delete message.seqId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdAt = value;
                            else
                                delete message.createdAt;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an Acknowledge message.
             * @function verify
             * @memberof im.v1.Acknowledge
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Acknowledge.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack"))
                    if (!$util.isInteger(message.ack) && !(message.ack && $util.isInteger(message.ack.low) && $util.isInteger(message.ack.high)))
                        return "ack: integer|Long expected";
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    if (!$util.isString(message.conversationId))
                        return "conversationId: string expected";
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (!$util.isInteger(message.seqId) && !(message.seqId && $util.isInteger(message.seqId.low) && $util.isInteger(message.seqId.high)))
                        return "seqId: integer|Long expected";
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (!$util.isInteger(message.createdAt) && !(message.createdAt && $util.isInteger(message.createdAt.low) && $util.isInteger(message.createdAt.high)))
                        return "createdAt: integer|Long expected";
                return null;
            };

            /**
             * Creates an Acknowledge message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.Acknowledge
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.Acknowledge} Acknowledge
             */
            Acknowledge.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.Acknowledge)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.Acknowledge: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.Acknowledge();
                if (object.ack != null)
                    if (typeof object.ack === "object" ? object.ack.low || object.ack.high : $Number(object.ack) !== 0)
                        if ($util.Long)
                            message.ack = $util.Long.fromValue(object.ack, false);
                        else if (typeof object.ack === "string")
                            message.ack = $parseInt(object.ack, 10);
                        else if (typeof object.ack === "number")
                            message.ack = object.ack;
                        else if (typeof object.ack === "object")
                            message.ack = new $util.LongBits(object.ack.low >>> 0, object.ack.high >>> 0).toNumber();
                if (object.conversationId != null)
                    if (typeof object.conversationId !== "string" || object.conversationId.length)
                        message.conversationId = $String(object.conversationId);
                if (object.seqId != null)
                    if (typeof object.seqId === "object" ? object.seqId.low || object.seqId.high : $Number(object.seqId) !== 0)
                        if ($util.Long)
                            message.seqId = $util.Long.fromValue(object.seqId, false);
                        else if (typeof object.seqId === "string")
                            message.seqId = $parseInt(object.seqId, 10);
                        else if (typeof object.seqId === "number")
                            message.seqId = object.seqId;
                        else if (typeof object.seqId === "object")
                            message.seqId = new $util.LongBits(object.seqId.low >>> 0, object.seqId.high >>> 0).toNumber();
                if (object.createdAt != null)
                    if (typeof object.createdAt === "object" ? object.createdAt.low || object.createdAt.high : $Number(object.createdAt) !== 0)
                        if ($util.Long)
                            message.createdAt = $util.Long.fromValue(object.createdAt, false);
                        else if (typeof object.createdAt === "string")
                            message.createdAt = $parseInt(object.createdAt, 10);
                        else if (typeof object.createdAt === "number")
                            message.createdAt = object.createdAt;
                        else if (typeof object.createdAt === "object")
                            message.createdAt = new $util.LongBits(object.createdAt.low >>> 0, object.createdAt.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from an Acknowledge message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.Acknowledge
             * @static
             * @param {im.v1.Acknowledge} message Acknowledge
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Acknowledge.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.ack = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.ack = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.conversationId = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seqId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seqId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.createdAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.createdAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.ack = typeof message.ack === "number" ? $BigInt(message.ack) : $util.Long.fromBits(message.ack.low >>> 0, message.ack.high >>> 0, false).toBigInt();
                    else if (typeof message.ack === "number")
                        object.ack = options.longs === $String ? $String(message.ack) : message.ack;
                    else
                        object.ack = options.longs === $String ? $util.Long.prototype.toString.call(message.ack) : options.longs === $Number ? new $util.LongBits(message.ack.low >>> 0, message.ack.high >>> 0).toNumber() : message.ack;
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    object.conversationId = message.conversationId;
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seqId = typeof message.seqId === "number" ? $BigInt(message.seqId) : $util.Long.fromBits(message.seqId.low >>> 0, message.seqId.high >>> 0, false).toBigInt();
                    else if (typeof message.seqId === "number")
                        object.seqId = options.longs === $String ? $String(message.seqId) : message.seqId;
                    else
                        object.seqId = options.longs === $String ? $util.Long.prototype.toString.call(message.seqId) : options.longs === $Number ? new $util.LongBits(message.seqId.low >>> 0, message.seqId.high >>> 0).toNumber() : message.seqId;
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.createdAt = typeof message.createdAt === "number" ? $BigInt(message.createdAt) : $util.Long.fromBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0, false).toBigInt();
                    else if (typeof message.createdAt === "number")
                        object.createdAt = options.longs === $String ? $String(message.createdAt) : message.createdAt;
                    else
                        object.createdAt = options.longs === $String ? $util.Long.prototype.toString.call(message.createdAt) : options.longs === $Number ? new $util.LongBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0).toNumber() : message.createdAt;
                return object;
            };

            /**
             * Converts this Acknowledge to JSON.
             * @function toJSON
             * @memberof im.v1.Acknowledge
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Acknowledge.prototype.toJSON = function() {
                return Acknowledge.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Acknowledge;
        })();

        v1.FriendMessage = (function() {

            /**
             * Properties of a FriendMessage.
             * @typedef {Object} im.v1.FriendMessage.$Properties
             * @property {number|Long|null} [seq] FriendMessage seq
             * @property {number|Long|null} [seqId] FriendMessage seqId
             * @property {string|null} [from] FriendMessage from
             * @property {string|null} [to] FriendMessage to
             * @property {string|null} [type] FriendMessage type
             * @property {string|null} [content] FriendMessage content
             * @property {string|null} [conversationId] FriendMessage conversationId
             * @property {string|null} [fromDevice] FriendMessage fromDevice
             * @property {string|null} [clientMsgId] FriendMessage clientMsgId
             * @property {number|Long|null} [createdAt] FriendMessage createdAt
             * @property {boolean|null} [recalled] FriendMessage recalled
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FriendMessage.
             * @memberof im.v1
             * @interface IFriendMessage
             * @augments im.v1.FriendMessage.$Properties
             * @deprecated Use im.v1.FriendMessage.$Properties instead.
             */

            /**
             * Shape of a FriendMessage.
             * @typedef {im.v1.FriendMessage.$Properties} im.v1.FriendMessage.$Shape
             */

            /**
             * Constructs a new FriendMessage.
             * @memberof im.v1
             * @classdesc Represents a FriendMessage.
             * @constructor
             * @param {im.v1.FriendMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FriendMessage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FriendMessage seq.
             * @member {number|Long} seq
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * FriendMessage seqId.
             * @member {number|Long} seqId
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.seqId = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * FriendMessage from.
             * @member {string} from
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.from = "";

            /**
             * FriendMessage to.
             * @member {string} to
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.to = "";

            /**
             * FriendMessage type.
             * @member {string} type
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.type = "";

            /**
             * FriendMessage content.
             * @member {string} content
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.content = "";

            /**
             * FriendMessage conversationId.
             * @member {string} conversationId
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.conversationId = "";

            /**
             * FriendMessage fromDevice.
             * @member {string} fromDevice
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.fromDevice = "";

            /**
             * FriendMessage clientMsgId.
             * @member {string} clientMsgId
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.clientMsgId = "";

            /**
             * FriendMessage createdAt.
             * @member {number|Long} createdAt
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.createdAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * FriendMessage recalled.
             * @member {boolean} recalled
             * @memberof im.v1.FriendMessage
             * @instance
             */
            FriendMessage.prototype.recalled = false;

            /**
             * Creates a new FriendMessage instance using the specified properties.
             * @function create
             * @memberof im.v1.FriendMessage
             * @static
             * @param {im.v1.FriendMessage.$Properties=} [properties] Properties to set
             * @returns {im.v1.FriendMessage} FriendMessage instance
             * @type {{
             *   (properties: im.v1.FriendMessage.$Shape): im.v1.FriendMessage & im.v1.FriendMessage.$Shape;
             *   (properties?: im.v1.FriendMessage.$Properties): im.v1.FriendMessage;
             * }}
             */
            FriendMessage.create = function(properties) {
                return new FriendMessage(properties);
            };

            /**
             * Encodes the specified FriendMessage message. Does not implicitly {@link im.v1.FriendMessage.verify|verify} messages.
             * @function encode
             * @memberof im.v1.FriendMessage
             * @static
             * @param {im.v1.FriendMessage.$Properties} message FriendMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FriendMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.seq);
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId") && (typeof message.seqId === "object" ? message.seqId.low || message.seqId.high : message.seqId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.seqId);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from") && message.from !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to") && message.to !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.to);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.type);
                if (message.content != null && $Object.hasOwnProperty.call(message, "content") && message.content !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.content);
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId") && message.conversationId !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.conversationId);
                if (message.fromDevice != null && $Object.hasOwnProperty.call(message, "fromDevice") && message.fromDevice !== "")
                    writer.uint32(/* id 9, wireType 2 =*/74).string(message.fromDevice);
                if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId") && message.clientMsgId !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.clientMsgId);
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt") && (typeof message.createdAt === "object" ? message.createdAt.low || message.createdAt.high : message.createdAt !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).int64(message.createdAt);
                if (message.recalled != null && $Object.hasOwnProperty.call(message, "recalled") && message.recalled !== false)
                    writer.uint32(/* id 12, wireType 0 =*/96).bool(message.recalled);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FriendMessage message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.FriendMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.FriendMessage & im.v1.FriendMessage.$Shape} FriendMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FriendMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.FriendMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqId = value;
                            else
                                delete message.seqId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.from = value;
                            else
                                delete message.from;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.to = value;
                            else
                                delete message.to;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.type = value;
                            else
                                delete message.type;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.content = value;
                            else
                                delete message.content;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.conversationId = value;
                            else
                                delete message.conversationId;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.fromDevice = value;
                            else
                                delete message.fromDevice;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.clientMsgId = value;
                            else
                                delete message.clientMsgId;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdAt = value;
                            else
                                delete message.createdAt;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.recalled = value;
                            else
                                delete message.recalled;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a FriendMessage message.
             * @function verify
             * @memberof im.v1.FriendMessage
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            FriendMessage.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (!$util.isInteger(message.seqId) && !(message.seqId && $util.isInteger(message.seqId.low) && $util.isInteger(message.seqId.high)))
                        return "seqId: integer|Long expected";
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    if (!$util.isString(message.from))
                        return "from: string expected";
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    if (!$util.isString(message.to))
                        return "to: string expected";
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    if (!$util.isString(message.type))
                        return "type: string expected";
                if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                    if (!$util.isString(message.content))
                        return "content: string expected";
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    if (!$util.isString(message.conversationId))
                        return "conversationId: string expected";
                if (message.fromDevice != null && $Object.hasOwnProperty.call(message, "fromDevice"))
                    if (!$util.isString(message.fromDevice))
                        return "fromDevice: string expected";
                if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                    if (!$util.isString(message.clientMsgId))
                        return "clientMsgId: string expected";
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (!$util.isInteger(message.createdAt) && !(message.createdAt && $util.isInteger(message.createdAt.low) && $util.isInteger(message.createdAt.high)))
                        return "createdAt: integer|Long expected";
                if (message.recalled != null && $Object.hasOwnProperty.call(message, "recalled"))
                    if (typeof message.recalled !== "boolean")
                        return "recalled: boolean expected";
                return null;
            };

            /**
             * Creates a FriendMessage message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.FriendMessage
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.FriendMessage} FriendMessage
             */
            FriendMessage.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.FriendMessage)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.FriendMessage: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.FriendMessage();
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, false);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber();
                if (object.seqId != null)
                    if (typeof object.seqId === "object" ? object.seqId.low || object.seqId.high : $Number(object.seqId) !== 0)
                        if ($util.Long)
                            message.seqId = $util.Long.fromValue(object.seqId, false);
                        else if (typeof object.seqId === "string")
                            message.seqId = $parseInt(object.seqId, 10);
                        else if (typeof object.seqId === "number")
                            message.seqId = object.seqId;
                        else if (typeof object.seqId === "object")
                            message.seqId = new $util.LongBits(object.seqId.low >>> 0, object.seqId.high >>> 0).toNumber();
                if (object.from != null)
                    if (typeof object.from !== "string" || object.from.length)
                        message.from = $String(object.from);
                if (object.to != null)
                    if (typeof object.to !== "string" || object.to.length)
                        message.to = $String(object.to);
                if (object.type != null)
                    if (typeof object.type !== "string" || object.type.length)
                        message.type = $String(object.type);
                if (object.content != null)
                    if (typeof object.content !== "string" || object.content.length)
                        message.content = $String(object.content);
                if (object.conversationId != null)
                    if (typeof object.conversationId !== "string" || object.conversationId.length)
                        message.conversationId = $String(object.conversationId);
                if (object.fromDevice != null)
                    if (typeof object.fromDevice !== "string" || object.fromDevice.length)
                        message.fromDevice = $String(object.fromDevice);
                if (object.clientMsgId != null)
                    if (typeof object.clientMsgId !== "string" || object.clientMsgId.length)
                        message.clientMsgId = $String(object.clientMsgId);
                if (object.createdAt != null)
                    if (typeof object.createdAt === "object" ? object.createdAt.low || object.createdAt.high : $Number(object.createdAt) !== 0)
                        if ($util.Long)
                            message.createdAt = $util.Long.fromValue(object.createdAt, false);
                        else if (typeof object.createdAt === "string")
                            message.createdAt = $parseInt(object.createdAt, 10);
                        else if (typeof object.createdAt === "number")
                            message.createdAt = object.createdAt;
                        else if (typeof object.createdAt === "object")
                            message.createdAt = new $util.LongBits(object.createdAt.low >>> 0, object.createdAt.high >>> 0).toNumber();
                if (object.recalled != null)
                    if (object.recalled)
                        message.recalled = $Boolean(object.recalled);
                return message;
            };

            /**
             * Creates a plain object from a FriendMessage message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.FriendMessage
             * @static
             * @param {im.v1.FriendMessage} message FriendMessage
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            FriendMessage.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seqId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seqId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.from = "";
                    object.to = "";
                    object.type = "";
                    object.content = "";
                    object.conversationId = "";
                    object.fromDevice = "";
                    object.clientMsgId = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.createdAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.createdAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.recalled = false;
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, false).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber() : message.seq;
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seqId = typeof message.seqId === "number" ? $BigInt(message.seqId) : $util.Long.fromBits(message.seqId.low >>> 0, message.seqId.high >>> 0, false).toBigInt();
                    else if (typeof message.seqId === "number")
                        object.seqId = options.longs === $String ? $String(message.seqId) : message.seqId;
                    else
                        object.seqId = options.longs === $String ? $util.Long.prototype.toString.call(message.seqId) : options.longs === $Number ? new $util.LongBits(message.seqId.low >>> 0, message.seqId.high >>> 0).toNumber() : message.seqId;
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    object.from = message.from;
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    object.to = message.to;
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    object.type = message.type;
                if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                    object.content = message.content;
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    object.conversationId = message.conversationId;
                if (message.fromDevice != null && $Object.hasOwnProperty.call(message, "fromDevice"))
                    object.fromDevice = message.fromDevice;
                if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                    object.clientMsgId = message.clientMsgId;
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.createdAt = typeof message.createdAt === "number" ? $BigInt(message.createdAt) : $util.Long.fromBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0, false).toBigInt();
                    else if (typeof message.createdAt === "number")
                        object.createdAt = options.longs === $String ? $String(message.createdAt) : message.createdAt;
                    else
                        object.createdAt = options.longs === $String ? $util.Long.prototype.toString.call(message.createdAt) : options.longs === $Number ? new $util.LongBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0).toNumber() : message.createdAt;
                if (message.recalled != null && $Object.hasOwnProperty.call(message, "recalled"))
                    object.recalled = message.recalled;
                return object;
            };

            /**
             * Converts this FriendMessage to JSON.
             * @function toJSON
             * @memberof im.v1.FriendMessage
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            FriendMessage.prototype.toJSON = function() {
                return FriendMessage.toObject(this, $protobuf.util.toJSONOptions);
            };

            return FriendMessage;
        })();

        v1.GroupMessage = (function() {

            /**
             * Properties of a GroupMessage.
             * @typedef {Object} im.v1.GroupMessage.$Properties
             * @property {number|Long|null} [seq] GroupMessage seq
             * @property {number|Long|null} [seqId] GroupMessage seqId
             * @property {string|null} [from] GroupMessage from
             * @property {string|null} [to] GroupMessage to
             * @property {string|null} [type] GroupMessage type
             * @property {string|null} [content] GroupMessage content
             * @property {Array.<string>|null} [broadcastIdList] GroupMessage broadcastIdList
             * @property {string|null} [conversationId] GroupMessage conversationId
             * @property {string|null} [fromDevice] GroupMessage fromDevice
             * @property {string|null} [clientMsgId] GroupMessage clientMsgId
             * @property {number|Long|null} [createdAt] GroupMessage createdAt
             * @property {boolean|null} [recalled] GroupMessage recalled
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a GroupMessage.
             * @memberof im.v1
             * @interface IGroupMessage
             * @augments im.v1.GroupMessage.$Properties
             * @deprecated Use im.v1.GroupMessage.$Properties instead.
             */

            /**
             * Shape of a GroupMessage.
             * @typedef {im.v1.GroupMessage.$Properties} im.v1.GroupMessage.$Shape
             */

            /**
             * Constructs a new GroupMessage.
             * @memberof im.v1
             * @classdesc Represents a GroupMessage.
             * @constructor
             * @param {im.v1.GroupMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const GroupMessage = function (properties) {
                this.broadcastIdList = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * GroupMessage seq.
             * @member {number|Long} seq
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * GroupMessage seqId.
             * @member {number|Long} seqId
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.seqId = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * GroupMessage from.
             * @member {string} from
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.from = "";

            /**
             * GroupMessage to.
             * @member {string} to
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.to = "";

            /**
             * GroupMessage type.
             * @member {string} type
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.type = "";

            /**
             * GroupMessage content.
             * @member {string} content
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.content = "";

            /**
             * GroupMessage broadcastIdList.
             * @member {Array.<string>} broadcastIdList
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.broadcastIdList = $util.emptyArray;

            /**
             * GroupMessage conversationId.
             * @member {string} conversationId
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.conversationId = "";

            /**
             * GroupMessage fromDevice.
             * @member {string} fromDevice
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.fromDevice = "";

            /**
             * GroupMessage clientMsgId.
             * @member {string} clientMsgId
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.clientMsgId = "";

            /**
             * GroupMessage createdAt.
             * @member {number|Long} createdAt
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.createdAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * GroupMessage recalled.
             * @member {boolean} recalled
             * @memberof im.v1.GroupMessage
             * @instance
             */
            GroupMessage.prototype.recalled = false;

            /**
             * Creates a new GroupMessage instance using the specified properties.
             * @function create
             * @memberof im.v1.GroupMessage
             * @static
             * @param {im.v1.GroupMessage.$Properties=} [properties] Properties to set
             * @returns {im.v1.GroupMessage} GroupMessage instance
             * @type {{
             *   (properties: im.v1.GroupMessage.$Shape): im.v1.GroupMessage & im.v1.GroupMessage.$Shape;
             *   (properties?: im.v1.GroupMessage.$Properties): im.v1.GroupMessage;
             * }}
             */
            GroupMessage.create = function(properties) {
                return new GroupMessage(properties);
            };

            /**
             * Encodes the specified GroupMessage message. Does not implicitly {@link im.v1.GroupMessage.verify|verify} messages.
             * @function encode
             * @memberof im.v1.GroupMessage
             * @static
             * @param {im.v1.GroupMessage.$Properties} message GroupMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            GroupMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.seq);
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId") && (typeof message.seqId === "object" ? message.seqId.low || message.seqId.high : message.seqId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.seqId);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from") && message.from !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to") && message.to !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.to);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.type);
                if (message.content != null && $Object.hasOwnProperty.call(message, "content") && message.content !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.content);
                if (message.broadcastIdList != null && message.broadcastIdList.length)
                    for (let i = 0; i < message.broadcastIdList.length; ++i)
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.broadcastIdList[i]);
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId") && message.conversationId !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.conversationId);
                if (message.fromDevice != null && $Object.hasOwnProperty.call(message, "fromDevice") && message.fromDevice !== "")
                    writer.uint32(/* id 9, wireType 2 =*/74).string(message.fromDevice);
                if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId") && message.clientMsgId !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.clientMsgId);
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt") && (typeof message.createdAt === "object" ? message.createdAt.low || message.createdAt.high : message.createdAt !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).int64(message.createdAt);
                if (message.recalled != null && $Object.hasOwnProperty.call(message, "recalled") && message.recalled !== false)
                    writer.uint32(/* id 12, wireType 0 =*/96).bool(message.recalled);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a GroupMessage message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.GroupMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.GroupMessage & im.v1.GroupMessage.$Shape} GroupMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            GroupMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.GroupMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqId = value;
                            else
                                delete message.seqId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.from = value;
                            else
                                delete message.from;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.to = value;
                            else
                                delete message.to;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.type = value;
                            else
                                delete message.type;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.content = value;
                            else
                                delete message.content;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.broadcastIdList && message.broadcastIdList.length))
                                message.broadcastIdList = [];
                            message.broadcastIdList.push(reader.stringVerify());
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.conversationId = value;
                            else
                                delete message.conversationId;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.fromDevice = value;
                            else
                                delete message.fromDevice;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.clientMsgId = value;
                            else
                                delete message.clientMsgId;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdAt = value;
                            else
                                delete message.createdAt;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.recalled = value;
                            else
                                delete message.recalled;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a GroupMessage message.
             * @function verify
             * @memberof im.v1.GroupMessage
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            GroupMessage.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (!$util.isInteger(message.seqId) && !(message.seqId && $util.isInteger(message.seqId.low) && $util.isInteger(message.seqId.high)))
                        return "seqId: integer|Long expected";
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    if (!$util.isString(message.from))
                        return "from: string expected";
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    if (!$util.isString(message.to))
                        return "to: string expected";
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    if (!$util.isString(message.type))
                        return "type: string expected";
                if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                    if (!$util.isString(message.content))
                        return "content: string expected";
                if (message.broadcastIdList != null && $Object.hasOwnProperty.call(message, "broadcastIdList")) {
                    if (!$Array.isArray(message.broadcastIdList))
                        return "broadcastIdList: array expected";
                    for (let i = 0; i < message.broadcastIdList.length; ++i)
                        if (!$util.isString(message.broadcastIdList[i]))
                            return "broadcastIdList: string[] expected";
                }
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    if (!$util.isString(message.conversationId))
                        return "conversationId: string expected";
                if (message.fromDevice != null && $Object.hasOwnProperty.call(message, "fromDevice"))
                    if (!$util.isString(message.fromDevice))
                        return "fromDevice: string expected";
                if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                    if (!$util.isString(message.clientMsgId))
                        return "clientMsgId: string expected";
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (!$util.isInteger(message.createdAt) && !(message.createdAt && $util.isInteger(message.createdAt.low) && $util.isInteger(message.createdAt.high)))
                        return "createdAt: integer|Long expected";
                if (message.recalled != null && $Object.hasOwnProperty.call(message, "recalled"))
                    if (typeof message.recalled !== "boolean")
                        return "recalled: boolean expected";
                return null;
            };

            /**
             * Creates a GroupMessage message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.GroupMessage
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.GroupMessage} GroupMessage
             */
            GroupMessage.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.GroupMessage)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.GroupMessage: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.GroupMessage();
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, false);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber();
                if (object.seqId != null)
                    if (typeof object.seqId === "object" ? object.seqId.low || object.seqId.high : $Number(object.seqId) !== 0)
                        if ($util.Long)
                            message.seqId = $util.Long.fromValue(object.seqId, false);
                        else if (typeof object.seqId === "string")
                            message.seqId = $parseInt(object.seqId, 10);
                        else if (typeof object.seqId === "number")
                            message.seqId = object.seqId;
                        else if (typeof object.seqId === "object")
                            message.seqId = new $util.LongBits(object.seqId.low >>> 0, object.seqId.high >>> 0).toNumber();
                if (object.from != null)
                    if (typeof object.from !== "string" || object.from.length)
                        message.from = $String(object.from);
                if (object.to != null)
                    if (typeof object.to !== "string" || object.to.length)
                        message.to = $String(object.to);
                if (object.type != null)
                    if (typeof object.type !== "string" || object.type.length)
                        message.type = $String(object.type);
                if (object.content != null)
                    if (typeof object.content !== "string" || object.content.length)
                        message.content = $String(object.content);
                if (object.broadcastIdList) {
                    if (!$Array.isArray(object.broadcastIdList))
                        throw $TypeError(".im.v1.GroupMessage.broadcastIdList: array expected");
                    message.broadcastIdList = $Array(object.broadcastIdList.length);
                    for (let i = 0; i < object.broadcastIdList.length; ++i)
                        message.broadcastIdList[i] = $String(object.broadcastIdList[i]);
                }
                if (object.conversationId != null)
                    if (typeof object.conversationId !== "string" || object.conversationId.length)
                        message.conversationId = $String(object.conversationId);
                if (object.fromDevice != null)
                    if (typeof object.fromDevice !== "string" || object.fromDevice.length)
                        message.fromDevice = $String(object.fromDevice);
                if (object.clientMsgId != null)
                    if (typeof object.clientMsgId !== "string" || object.clientMsgId.length)
                        message.clientMsgId = $String(object.clientMsgId);
                if (object.createdAt != null)
                    if (typeof object.createdAt === "object" ? object.createdAt.low || object.createdAt.high : $Number(object.createdAt) !== 0)
                        if ($util.Long)
                            message.createdAt = $util.Long.fromValue(object.createdAt, false);
                        else if (typeof object.createdAt === "string")
                            message.createdAt = $parseInt(object.createdAt, 10);
                        else if (typeof object.createdAt === "number")
                            message.createdAt = object.createdAt;
                        else if (typeof object.createdAt === "object")
                            message.createdAt = new $util.LongBits(object.createdAt.low >>> 0, object.createdAt.high >>> 0).toNumber();
                if (object.recalled != null)
                    if (object.recalled)
                        message.recalled = $Boolean(object.recalled);
                return message;
            };

            /**
             * Creates a plain object from a GroupMessage message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.GroupMessage
             * @static
             * @param {im.v1.GroupMessage} message GroupMessage
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            GroupMessage.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.broadcastIdList = [];
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seqId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seqId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.from = "";
                    object.to = "";
                    object.type = "";
                    object.content = "";
                    object.conversationId = "";
                    object.fromDevice = "";
                    object.clientMsgId = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.createdAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.createdAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.recalled = false;
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, false).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber() : message.seq;
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seqId = typeof message.seqId === "number" ? $BigInt(message.seqId) : $util.Long.fromBits(message.seqId.low >>> 0, message.seqId.high >>> 0, false).toBigInt();
                    else if (typeof message.seqId === "number")
                        object.seqId = options.longs === $String ? $String(message.seqId) : message.seqId;
                    else
                        object.seqId = options.longs === $String ? $util.Long.prototype.toString.call(message.seqId) : options.longs === $Number ? new $util.LongBits(message.seqId.low >>> 0, message.seqId.high >>> 0).toNumber() : message.seqId;
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    object.from = message.from;
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    object.to = message.to;
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    object.type = message.type;
                if (message.content != null && $Object.hasOwnProperty.call(message, "content"))
                    object.content = message.content;
                if (message.broadcastIdList && message.broadcastIdList.length) {
                    object.broadcastIdList = $Array(message.broadcastIdList.length);
                    for (let j = 0; j < message.broadcastIdList.length; ++j)
                        object.broadcastIdList[j] = message.broadcastIdList[j];
                }
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    object.conversationId = message.conversationId;
                if (message.fromDevice != null && $Object.hasOwnProperty.call(message, "fromDevice"))
                    object.fromDevice = message.fromDevice;
                if (message.clientMsgId != null && $Object.hasOwnProperty.call(message, "clientMsgId"))
                    object.clientMsgId = message.clientMsgId;
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.createdAt = typeof message.createdAt === "number" ? $BigInt(message.createdAt) : $util.Long.fromBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0, false).toBigInt();
                    else if (typeof message.createdAt === "number")
                        object.createdAt = options.longs === $String ? $String(message.createdAt) : message.createdAt;
                    else
                        object.createdAt = options.longs === $String ? $util.Long.prototype.toString.call(message.createdAt) : options.longs === $Number ? new $util.LongBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0).toNumber() : message.createdAt;
                if (message.recalled != null && $Object.hasOwnProperty.call(message, "recalled"))
                    object.recalled = message.recalled;
                return object;
            };

            /**
             * Converts this GroupMessage to JSON.
             * @function toJSON
             * @memberof im.v1.GroupMessage
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            GroupMessage.prototype.toJSON = function() {
                return GroupMessage.toObject(this, $protobuf.util.toJSONOptions);
            };

            return GroupMessage;
        })();

        v1.ClientLogin = (function() {

            /**
             * Properties of a ClientLogin.
             * @typedef {Object} im.v1.ClientLogin.$Properties
             * @property {number|Long|null} [seq] ClientLogin seq
             * @property {string|null} [userId] ClientLogin userId
             * @property {string|null} [token] ClientLogin token
             * @property {string|null} [clientInfo] ClientLogin clientInfo
             * @property {string|null} [cursor] ClientLogin cursor
             * @property {string|null} [deviceId] ClientLogin deviceId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ClientLogin.
             * @memberof im.v1
             * @interface IClientLogin
             * @augments im.v1.ClientLogin.$Properties
             * @deprecated Use im.v1.ClientLogin.$Properties instead.
             */

            /**
             * Shape of a ClientLogin.
             * @typedef {im.v1.ClientLogin.$Properties} im.v1.ClientLogin.$Shape
             */

            /**
             * Constructs a new ClientLogin.
             * @memberof im.v1
             * @classdesc Represents a ClientLogin.
             * @constructor
             * @param {im.v1.ClientLogin.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ClientLogin = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ClientLogin seq.
             * @member {number|Long} seq
             * @memberof im.v1.ClientLogin
             * @instance
             */
            ClientLogin.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ClientLogin userId.
             * @member {string} userId
             * @memberof im.v1.ClientLogin
             * @instance
             */
            ClientLogin.prototype.userId = "";

            /**
             * ClientLogin token.
             * @member {string} token
             * @memberof im.v1.ClientLogin
             * @instance
             */
            ClientLogin.prototype.token = "";

            /**
             * ClientLogin clientInfo.
             * @member {string} clientInfo
             * @memberof im.v1.ClientLogin
             * @instance
             */
            ClientLogin.prototype.clientInfo = "";

            /**
             * ClientLogin cursor.
             * @member {string} cursor
             * @memberof im.v1.ClientLogin
             * @instance
             */
            ClientLogin.prototype.cursor = "";

            /**
             * ClientLogin deviceId.
             * @member {string} deviceId
             * @memberof im.v1.ClientLogin
             * @instance
             */
            ClientLogin.prototype.deviceId = "";

            /**
             * Creates a new ClientLogin instance using the specified properties.
             * @function create
             * @memberof im.v1.ClientLogin
             * @static
             * @param {im.v1.ClientLogin.$Properties=} [properties] Properties to set
             * @returns {im.v1.ClientLogin} ClientLogin instance
             * @type {{
             *   (properties: im.v1.ClientLogin.$Shape): im.v1.ClientLogin & im.v1.ClientLogin.$Shape;
             *   (properties?: im.v1.ClientLogin.$Properties): im.v1.ClientLogin;
             * }}
             */
            ClientLogin.create = function(properties) {
                return new ClientLogin(properties);
            };

            /**
             * Encodes the specified ClientLogin message. Does not implicitly {@link im.v1.ClientLogin.verify|verify} messages.
             * @function encode
             * @memberof im.v1.ClientLogin
             * @static
             * @param {im.v1.ClientLogin.$Properties} message ClientLogin message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ClientLogin.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.seq);
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId") && message.userId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.userId);
                if (message.token != null && $Object.hasOwnProperty.call(message, "token") && message.token !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.token);
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo") && message.clientInfo !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.clientInfo);
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor") && message.cursor !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.cursor);
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.deviceId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ClientLogin message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.ClientLogin
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.ClientLogin & im.v1.ClientLogin.$Shape} ClientLogin
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ClientLogin.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.ClientLogin();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.userId = value;
                            else
                                delete message.userId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.token = value;
                            else
                                delete message.token;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.clientInfo = value;
                            else
                                delete message.clientInfo;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.cursor = value;
                            else
                                delete message.cursor;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.deviceId = value;
                            else
                                delete message.deviceId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a ClientLogin message.
             * @function verify
             * @memberof im.v1.ClientLogin
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ClientLogin.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    if (!$util.isString(message.userId))
                        return "userId: string expected";
                if (message.token != null && $Object.hasOwnProperty.call(message, "token"))
                    if (!$util.isString(message.token))
                        return "token: string expected";
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo"))
                    if (!$util.isString(message.clientInfo))
                        return "clientInfo: string expected";
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor"))
                    if (!$util.isString(message.cursor))
                        return "cursor: string expected";
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    if (!$util.isString(message.deviceId))
                        return "deviceId: string expected";
                return null;
            };

            /**
             * Creates a ClientLogin message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.ClientLogin
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.ClientLogin} ClientLogin
             */
            ClientLogin.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.ClientLogin)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.ClientLogin: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.ClientLogin();
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, false);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber();
                if (object.userId != null)
                    if (typeof object.userId !== "string" || object.userId.length)
                        message.userId = $String(object.userId);
                if (object.token != null)
                    if (typeof object.token !== "string" || object.token.length)
                        message.token = $String(object.token);
                if (object.clientInfo != null)
                    if (typeof object.clientInfo !== "string" || object.clientInfo.length)
                        message.clientInfo = $String(object.clientInfo);
                if (object.cursor != null)
                    if (typeof object.cursor !== "string" || object.cursor.length)
                        message.cursor = $String(object.cursor);
                if (object.deviceId != null)
                    if (typeof object.deviceId !== "string" || object.deviceId.length)
                        message.deviceId = $String(object.deviceId);
                return message;
            };

            /**
             * Creates a plain object from a ClientLogin message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.ClientLogin
             * @static
             * @param {im.v1.ClientLogin} message ClientLogin
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ClientLogin.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.userId = "";
                    object.token = "";
                    object.clientInfo = "";
                    object.cursor = "";
                    object.deviceId = "";
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, false).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber() : message.seq;
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    object.userId = message.userId;
                if (message.token != null && $Object.hasOwnProperty.call(message, "token"))
                    object.token = message.token;
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo"))
                    object.clientInfo = message.clientInfo;
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor"))
                    object.cursor = message.cursor;
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    object.deviceId = message.deviceId;
                return object;
            };

            /**
             * Converts this ClientLogin to JSON.
             * @function toJSON
             * @memberof im.v1.ClientLogin
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ClientLogin.prototype.toJSON = function() {
                return ClientLogin.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ClientLogin;
        })();

        v1.ClientLogout = (function() {

            /**
             * Properties of a ClientLogout.
             * @typedef {Object} im.v1.ClientLogout.$Properties
             * @property {number|Long|null} [seq] ClientLogout seq
             * @property {string|null} [userId] ClientLogout userId
             * @property {string|null} [token] ClientLogout token
             * @property {string|null} [clientInfo] ClientLogout clientInfo
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ClientLogout.
             * @memberof im.v1
             * @interface IClientLogout
             * @augments im.v1.ClientLogout.$Properties
             * @deprecated Use im.v1.ClientLogout.$Properties instead.
             */

            /**
             * Shape of a ClientLogout.
             * @typedef {im.v1.ClientLogout.$Properties} im.v1.ClientLogout.$Shape
             */

            /**
             * Constructs a new ClientLogout.
             * @memberof im.v1
             * @classdesc Represents a ClientLogout.
             * @constructor
             * @param {im.v1.ClientLogout.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ClientLogout = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ClientLogout seq.
             * @member {number|Long} seq
             * @memberof im.v1.ClientLogout
             * @instance
             */
            ClientLogout.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ClientLogout userId.
             * @member {string} userId
             * @memberof im.v1.ClientLogout
             * @instance
             */
            ClientLogout.prototype.userId = "";

            /**
             * ClientLogout token.
             * @member {string} token
             * @memberof im.v1.ClientLogout
             * @instance
             */
            ClientLogout.prototype.token = "";

            /**
             * ClientLogout clientInfo.
             * @member {string} clientInfo
             * @memberof im.v1.ClientLogout
             * @instance
             */
            ClientLogout.prototype.clientInfo = "";

            /**
             * Creates a new ClientLogout instance using the specified properties.
             * @function create
             * @memberof im.v1.ClientLogout
             * @static
             * @param {im.v1.ClientLogout.$Properties=} [properties] Properties to set
             * @returns {im.v1.ClientLogout} ClientLogout instance
             * @type {{
             *   (properties: im.v1.ClientLogout.$Shape): im.v1.ClientLogout & im.v1.ClientLogout.$Shape;
             *   (properties?: im.v1.ClientLogout.$Properties): im.v1.ClientLogout;
             * }}
             */
            ClientLogout.create = function(properties) {
                return new ClientLogout(properties);
            };

            /**
             * Encodes the specified ClientLogout message. Does not implicitly {@link im.v1.ClientLogout.verify|verify} messages.
             * @function encode
             * @memberof im.v1.ClientLogout
             * @static
             * @param {im.v1.ClientLogout.$Properties} message ClientLogout message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ClientLogout.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.seq);
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId") && message.userId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.userId);
                if (message.token != null && $Object.hasOwnProperty.call(message, "token") && message.token !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.token);
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo") && message.clientInfo !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.clientInfo);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ClientLogout message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.ClientLogout
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.ClientLogout & im.v1.ClientLogout.$Shape} ClientLogout
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ClientLogout.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.ClientLogout();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.userId = value;
                            else
                                delete message.userId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.token = value;
                            else
                                delete message.token;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.clientInfo = value;
                            else
                                delete message.clientInfo;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a ClientLogout message.
             * @function verify
             * @memberof im.v1.ClientLogout
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ClientLogout.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    if (!$util.isString(message.userId))
                        return "userId: string expected";
                if (message.token != null && $Object.hasOwnProperty.call(message, "token"))
                    if (!$util.isString(message.token))
                        return "token: string expected";
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo"))
                    if (!$util.isString(message.clientInfo))
                        return "clientInfo: string expected";
                return null;
            };

            /**
             * Creates a ClientLogout message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.ClientLogout
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.ClientLogout} ClientLogout
             */
            ClientLogout.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.ClientLogout)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.ClientLogout: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.ClientLogout();
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, false);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber();
                if (object.userId != null)
                    if (typeof object.userId !== "string" || object.userId.length)
                        message.userId = $String(object.userId);
                if (object.token != null)
                    if (typeof object.token !== "string" || object.token.length)
                        message.token = $String(object.token);
                if (object.clientInfo != null)
                    if (typeof object.clientInfo !== "string" || object.clientInfo.length)
                        message.clientInfo = $String(object.clientInfo);
                return message;
            };

            /**
             * Creates a plain object from a ClientLogout message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.ClientLogout
             * @static
             * @param {im.v1.ClientLogout} message ClientLogout
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ClientLogout.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.userId = "";
                    object.token = "";
                    object.clientInfo = "";
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, false).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber() : message.seq;
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    object.userId = message.userId;
                if (message.token != null && $Object.hasOwnProperty.call(message, "token"))
                    object.token = message.token;
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo"))
                    object.clientInfo = message.clientInfo;
                return object;
            };

            /**
             * Converts this ClientLogout to JSON.
             * @function toJSON
             * @memberof im.v1.ClientLogout
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ClientLogout.prototype.toJSON = function() {
                return ClientLogout.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ClientLogout;
        })();

        v1.ClientStatus = (function() {

            /**
             * Properties of a ClientStatus.
             * @typedef {Object} im.v1.ClientStatus.$Properties
             * @property {number|Long|null} [seq] ClientStatus seq
             * @property {string|null} [userId] ClientStatus userId
             * @property {string|null} [serverId] ClientStatus serverId
             * @property {boolean|null} [status] ClientStatus status
             * @property {string|null} [clientInfo] ClientStatus clientInfo
             * @property {Array.<string>|null} [broadcastIdList] ClientStatus broadcastIdList
             * @property {number|Long|null} [at] ClientStatus at
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ClientStatus.
             * @memberof im.v1
             * @interface IClientStatus
             * @augments im.v1.ClientStatus.$Properties
             * @deprecated Use im.v1.ClientStatus.$Properties instead.
             */

            /**
             * Shape of a ClientStatus.
             * @typedef {im.v1.ClientStatus.$Properties} im.v1.ClientStatus.$Shape
             */

            /**
             * Constructs a new ClientStatus.
             * @memberof im.v1
             * @classdesc Represents a ClientStatus.
             * @constructor
             * @param {im.v1.ClientStatus.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ClientStatus = function (properties) {
                this.broadcastIdList = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ClientStatus seq.
             * @member {number|Long} seq
             * @memberof im.v1.ClientStatus
             * @instance
             */
            ClientStatus.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ClientStatus userId.
             * @member {string} userId
             * @memberof im.v1.ClientStatus
             * @instance
             */
            ClientStatus.prototype.userId = "";

            /**
             * ClientStatus serverId.
             * @member {string} serverId
             * @memberof im.v1.ClientStatus
             * @instance
             */
            ClientStatus.prototype.serverId = "";

            /**
             * ClientStatus status.
             * @member {boolean} status
             * @memberof im.v1.ClientStatus
             * @instance
             */
            ClientStatus.prototype.status = false;

            /**
             * ClientStatus clientInfo.
             * @member {string} clientInfo
             * @memberof im.v1.ClientStatus
             * @instance
             */
            ClientStatus.prototype.clientInfo = "";

            /**
             * ClientStatus broadcastIdList.
             * @member {Array.<string>} broadcastIdList
             * @memberof im.v1.ClientStatus
             * @instance
             */
            ClientStatus.prototype.broadcastIdList = $util.emptyArray;

            /**
             * ClientStatus at.
             * @member {number|Long} at
             * @memberof im.v1.ClientStatus
             * @instance
             */
            ClientStatus.prototype.at = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new ClientStatus instance using the specified properties.
             * @function create
             * @memberof im.v1.ClientStatus
             * @static
             * @param {im.v1.ClientStatus.$Properties=} [properties] Properties to set
             * @returns {im.v1.ClientStatus} ClientStatus instance
             * @type {{
             *   (properties: im.v1.ClientStatus.$Shape): im.v1.ClientStatus & im.v1.ClientStatus.$Shape;
             *   (properties?: im.v1.ClientStatus.$Properties): im.v1.ClientStatus;
             * }}
             */
            ClientStatus.create = function(properties) {
                return new ClientStatus(properties);
            };

            /**
             * Encodes the specified ClientStatus message. Does not implicitly {@link im.v1.ClientStatus.verify|verify} messages.
             * @function encode
             * @memberof im.v1.ClientStatus
             * @static
             * @param {im.v1.ClientStatus.$Properties} message ClientStatus message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ClientStatus.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.seq);
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId") && message.userId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.userId);
                if (message.serverId != null && $Object.hasOwnProperty.call(message, "serverId") && message.serverId !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.serverId);
                if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== false)
                    writer.uint32(/* id 4, wireType 0 =*/32).bool(message.status);
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo") && message.clientInfo !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.clientInfo);
                if (message.broadcastIdList != null && message.broadcastIdList.length)
                    for (let i = 0; i < message.broadcastIdList.length; ++i)
                        writer.uint32(/* id 6, wireType 2 =*/50).string(message.broadcastIdList[i]);
                if (message.at != null && $Object.hasOwnProperty.call(message, "at") && (typeof message.at === "object" ? message.at.low || message.at.high : message.at !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.at);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ClientStatus message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.ClientStatus
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.ClientStatus & im.v1.ClientStatus.$Shape} ClientStatus
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ClientStatus.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.ClientStatus();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.userId = value;
                            else
                                delete message.userId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.serverId = value;
                            else
                                delete message.serverId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.status = value;
                            else
                                delete message.status;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.clientInfo = value;
                            else
                                delete message.clientInfo;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if (!(message.broadcastIdList && message.broadcastIdList.length))
                                message.broadcastIdList = [];
                            message.broadcastIdList.push(reader.stringVerify());
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.at = value;
                            else
                                delete message.at;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a ClientStatus message.
             * @function verify
             * @memberof im.v1.ClientStatus
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ClientStatus.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    if (!$util.isString(message.userId))
                        return "userId: string expected";
                if (message.serverId != null && $Object.hasOwnProperty.call(message, "serverId"))
                    if (!$util.isString(message.serverId))
                        return "serverId: string expected";
                if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                    if (typeof message.status !== "boolean")
                        return "status: boolean expected";
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo"))
                    if (!$util.isString(message.clientInfo))
                        return "clientInfo: string expected";
                if (message.broadcastIdList != null && $Object.hasOwnProperty.call(message, "broadcastIdList")) {
                    if (!$Array.isArray(message.broadcastIdList))
                        return "broadcastIdList: array expected";
                    for (let i = 0; i < message.broadcastIdList.length; ++i)
                        if (!$util.isString(message.broadcastIdList[i]))
                            return "broadcastIdList: string[] expected";
                }
                if (message.at != null && $Object.hasOwnProperty.call(message, "at"))
                    if (!$util.isInteger(message.at) && !(message.at && $util.isInteger(message.at.low) && $util.isInteger(message.at.high)))
                        return "at: integer|Long expected";
                return null;
            };

            /**
             * Creates a ClientStatus message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.ClientStatus
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.ClientStatus} ClientStatus
             */
            ClientStatus.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.ClientStatus)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.ClientStatus: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.ClientStatus();
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, false);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber();
                if (object.userId != null)
                    if (typeof object.userId !== "string" || object.userId.length)
                        message.userId = $String(object.userId);
                if (object.serverId != null)
                    if (typeof object.serverId !== "string" || object.serverId.length)
                        message.serverId = $String(object.serverId);
                if (object.status != null)
                    if (object.status)
                        message.status = $Boolean(object.status);
                if (object.clientInfo != null)
                    if (typeof object.clientInfo !== "string" || object.clientInfo.length)
                        message.clientInfo = $String(object.clientInfo);
                if (object.broadcastIdList) {
                    if (!$Array.isArray(object.broadcastIdList))
                        throw $TypeError(".im.v1.ClientStatus.broadcastIdList: array expected");
                    message.broadcastIdList = $Array(object.broadcastIdList.length);
                    for (let i = 0; i < object.broadcastIdList.length; ++i)
                        message.broadcastIdList[i] = $String(object.broadcastIdList[i]);
                }
                if (object.at != null)
                    if (typeof object.at === "object" ? object.at.low || object.at.high : $Number(object.at) !== 0)
                        if ($util.Long)
                            message.at = $util.Long.fromValue(object.at, false);
                        else if (typeof object.at === "string")
                            message.at = $parseInt(object.at, 10);
                        else if (typeof object.at === "number")
                            message.at = object.at;
                        else if (typeof object.at === "object")
                            message.at = new $util.LongBits(object.at.low >>> 0, object.at.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a ClientStatus message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.ClientStatus
             * @static
             * @param {im.v1.ClientStatus} message ClientStatus
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ClientStatus.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.broadcastIdList = [];
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.userId = "";
                    object.serverId = "";
                    object.status = false;
                    object.clientInfo = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.at = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.at = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, false).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber() : message.seq;
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    object.userId = message.userId;
                if (message.serverId != null && $Object.hasOwnProperty.call(message, "serverId"))
                    object.serverId = message.serverId;
                if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                    object.status = message.status;
                if (message.clientInfo != null && $Object.hasOwnProperty.call(message, "clientInfo"))
                    object.clientInfo = message.clientInfo;
                if (message.broadcastIdList && message.broadcastIdList.length) {
                    object.broadcastIdList = $Array(message.broadcastIdList.length);
                    for (let j = 0; j < message.broadcastIdList.length; ++j)
                        object.broadcastIdList[j] = message.broadcastIdList[j];
                }
                if (message.at != null && $Object.hasOwnProperty.call(message, "at"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.at = typeof message.at === "number" ? $BigInt(message.at) : $util.Long.fromBits(message.at.low >>> 0, message.at.high >>> 0, false).toBigInt();
                    else if (typeof message.at === "number")
                        object.at = options.longs === $String ? $String(message.at) : message.at;
                    else
                        object.at = options.longs === $String ? $util.Long.prototype.toString.call(message.at) : options.longs === $Number ? new $util.LongBits(message.at.low >>> 0, message.at.high >>> 0).toNumber() : message.at;
                return object;
            };

            /**
             * Converts this ClientStatus to JSON.
             * @function toJSON
             * @memberof im.v1.ClientStatus
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ClientStatus.prototype.toJSON = function() {
                return ClientStatus.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ClientStatus;
        })();

        v1.ReadMessage = (function() {

            /**
             * Properties of a ReadMessage.
             * @typedef {Object} im.v1.ReadMessage.$Properties
             * @property {string|null} [from] ReadMessage from
             * @property {string|null} [to] ReadMessage to
             * @property {number|Long|null} [seqId] ReadMessage seqId
             * @property {im.v1.ReadMessage.Type|null} [type] ReadMessage type
             * @property {string|null} [conversationId] ReadMessage conversationId
             * @property {string|null} [userId] ReadMessage userId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReadMessage.
             * @memberof im.v1
             * @interface IReadMessage
             * @augments im.v1.ReadMessage.$Properties
             * @deprecated Use im.v1.ReadMessage.$Properties instead.
             */

            /**
             * Shape of a ReadMessage.
             * @typedef {im.v1.ReadMessage.$Properties} im.v1.ReadMessage.$Shape
             */

            /**
             * Constructs a new ReadMessage.
             * @memberof im.v1
             * @classdesc Represents a ReadMessage.
             * @constructor
             * @param {im.v1.ReadMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReadMessage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReadMessage from.
             * @member {string} from
             * @memberof im.v1.ReadMessage
             * @instance
             */
            ReadMessage.prototype.from = "";

            /**
             * ReadMessage to.
             * @member {string} to
             * @memberof im.v1.ReadMessage
             * @instance
             */
            ReadMessage.prototype.to = "";

            /**
             * ReadMessage seqId.
             * @member {number|Long} seqId
             * @memberof im.v1.ReadMessage
             * @instance
             */
            ReadMessage.prototype.seqId = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ReadMessage type.
             * @member {im.v1.ReadMessage.Type} type
             * @memberof im.v1.ReadMessage
             * @instance
             */
            ReadMessage.prototype.type = 0;

            /**
             * ReadMessage conversationId.
             * @member {string} conversationId
             * @memberof im.v1.ReadMessage
             * @instance
             */
            ReadMessage.prototype.conversationId = "";

            /**
             * ReadMessage userId.
             * @member {string} userId
             * @memberof im.v1.ReadMessage
             * @instance
             */
            ReadMessage.prototype.userId = "";

            /**
             * Creates a new ReadMessage instance using the specified properties.
             * @function create
             * @memberof im.v1.ReadMessage
             * @static
             * @param {im.v1.ReadMessage.$Properties=} [properties] Properties to set
             * @returns {im.v1.ReadMessage} ReadMessage instance
             * @type {{
             *   (properties: im.v1.ReadMessage.$Shape): im.v1.ReadMessage & im.v1.ReadMessage.$Shape;
             *   (properties?: im.v1.ReadMessage.$Properties): im.v1.ReadMessage;
             * }}
             */
            ReadMessage.create = function(properties) {
                return new ReadMessage(properties);
            };

            /**
             * Encodes the specified ReadMessage message. Does not implicitly {@link im.v1.ReadMessage.verify|verify} messages.
             * @function encode
             * @memberof im.v1.ReadMessage
             * @static
             * @param {im.v1.ReadMessage.$Properties} message ReadMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReadMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.from != null && $Object.hasOwnProperty.call(message, "from") && message.from !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to") && message.to !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.to);
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId") && (typeof message.seqId === "object" ? message.seqId.low || message.seqId.high : message.seqId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.seqId);
                if (message.type != null && $Object.hasOwnProperty.call(message, "type") && message.type !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.type);
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId") && message.conversationId !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.conversationId);
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId") && message.userId !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.userId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReadMessage message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.ReadMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.ReadMessage & im.v1.ReadMessage.$Shape} ReadMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReadMessage.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.ReadMessage();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.from = value;
                            else
                                delete message.from;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.to = value;
                            else
                                delete message.to;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqId = value;
                            else
                                delete message.seqId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.type = value;
                            else
                                delete message.type;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.conversationId = value;
                            else
                                delete message.conversationId;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.userId = value;
                            else
                                delete message.userId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a ReadMessage message.
             * @function verify
             * @memberof im.v1.ReadMessage
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ReadMessage.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    if (!$util.isString(message.from))
                        return "from: string expected";
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    if (!$util.isString(message.to))
                        return "to: string expected";
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (!$util.isInteger(message.seqId) && !(message.seqId && $util.isInteger(message.seqId.low) && $util.isInteger(message.seqId.high)))
                        return "seqId: integer|Long expected";
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    if (typeof message.type !== "number" || (message.type | 0) !== message.type)
                        return "type: enum value expected";
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    if (!$util.isString(message.conversationId))
                        return "conversationId: string expected";
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    if (!$util.isString(message.userId))
                        return "userId: string expected";
                return null;
            };

            /**
             * Creates a ReadMessage message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.ReadMessage
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.ReadMessage} ReadMessage
             */
            ReadMessage.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.ReadMessage)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.ReadMessage: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.ReadMessage();
                if (object.from != null)
                    if (typeof object.from !== "string" || object.from.length)
                        message.from = $String(object.from);
                if (object.to != null)
                    if (typeof object.to !== "string" || object.to.length)
                        message.to = $String(object.to);
                if (object.seqId != null)
                    if (typeof object.seqId === "object" ? object.seqId.low || object.seqId.high : $Number(object.seqId) !== 0)
                        if ($util.Long)
                            message.seqId = $util.Long.fromValue(object.seqId, false);
                        else if (typeof object.seqId === "string")
                            message.seqId = $parseInt(object.seqId, 10);
                        else if (typeof object.seqId === "number")
                            message.seqId = object.seqId;
                        else if (typeof object.seqId === "object")
                            message.seqId = new $util.LongBits(object.seqId.low >>> 0, object.seqId.high >>> 0).toNumber();
                if (object.type !== 0 && (typeof object.type !== "string" || $root.im.v1.ReadMessage.Type[object.type] !== 0))
                    switch (object.type) {
                    case "FRIEND":
                    case 0:
                        message.type = 0;
                        break;
                    case "GROUP":
                    case 1:
                        message.type = 1;
                        break;
                    default:
                        if (typeof object.type === "number" && (object.type | 0) === object.type)
                            message.type = object.type;
                    }
                if (object.conversationId != null)
                    if (typeof object.conversationId !== "string" || object.conversationId.length)
                        message.conversationId = $String(object.conversationId);
                if (object.userId != null)
                    if (typeof object.userId !== "string" || object.userId.length)
                        message.userId = $String(object.userId);
                return message;
            };

            /**
             * Creates a plain object from a ReadMessage message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.ReadMessage
             * @static
             * @param {im.v1.ReadMessage} message ReadMessage
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ReadMessage.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.from = "";
                    object.to = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seqId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seqId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.type = options.enums === $String ? "FRIEND" : 0;
                    object.conversationId = "";
                    object.userId = "";
                }
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    object.from = message.from;
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    object.to = message.to;
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seqId = typeof message.seqId === "number" ? $BigInt(message.seqId) : $util.Long.fromBits(message.seqId.low >>> 0, message.seqId.high >>> 0, false).toBigInt();
                    else if (typeof message.seqId === "number")
                        object.seqId = options.longs === $String ? $String(message.seqId) : message.seqId;
                    else
                        object.seqId = options.longs === $String ? $util.Long.prototype.toString.call(message.seqId) : options.longs === $Number ? new $util.LongBits(message.seqId.low >>> 0, message.seqId.high >>> 0).toNumber() : message.seqId;
                if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                    object.type = options.enums === $String ? $root.im.v1.ReadMessage.Type[message.type] === $undefined ? message.type : $root.im.v1.ReadMessage.Type[message.type] : message.type;
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    object.conversationId = message.conversationId;
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    object.userId = message.userId;
                return object;
            };

            /**
             * Converts this ReadMessage to JSON.
             * @function toJSON
             * @memberof im.v1.ReadMessage
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ReadMessage.prototype.toJSON = function() {
                return ReadMessage.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Type enum.
             * @name im.v1.ReadMessage.Type
             * @enum {number}
             * @property {number} FRIEND=0 FRIEND value
             * @property {number} GROUP=1 GROUP value
             */
            ReadMessage.Type = (function() {
                const valuesById = $Object.create(null), values = $Object.create(valuesById);
                values[valuesById[0] = "FRIEND"] = 0;
                values[valuesById[1] = "GROUP"] = 1;
                return values;
            })();

            return ReadMessage;
        })();

        v1.Inputting = (function() {

            /**
             * Properties of an Inputting.
             * @typedef {Object} im.v1.Inputting.$Properties
             * @property {string|null} [from] Inputting from
             * @property {string|null} [to] Inputting to
             * @property {string|null} [conversationId] Inputting conversationId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Inputting.
             * @memberof im.v1
             * @interface IInputting
             * @augments im.v1.Inputting.$Properties
             * @deprecated Use im.v1.Inputting.$Properties instead.
             */

            /**
             * Shape of an Inputting.
             * @typedef {im.v1.Inputting.$Properties} im.v1.Inputting.$Shape
             */

            /**
             * Constructs a new Inputting.
             * @memberof im.v1
             * @classdesc Represents an Inputting.
             * @constructor
             * @param {im.v1.Inputting.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Inputting = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Inputting from.
             * @member {string} from
             * @memberof im.v1.Inputting
             * @instance
             */
            Inputting.prototype.from = "";

            /**
             * Inputting to.
             * @member {string} to
             * @memberof im.v1.Inputting
             * @instance
             */
            Inputting.prototype.to = "";

            /**
             * Inputting conversationId.
             * @member {string} conversationId
             * @memberof im.v1.Inputting
             * @instance
             */
            Inputting.prototype.conversationId = "";

            /**
             * Creates a new Inputting instance using the specified properties.
             * @function create
             * @memberof im.v1.Inputting
             * @static
             * @param {im.v1.Inputting.$Properties=} [properties] Properties to set
             * @returns {im.v1.Inputting} Inputting instance
             * @type {{
             *   (properties: im.v1.Inputting.$Shape): im.v1.Inputting & im.v1.Inputting.$Shape;
             *   (properties?: im.v1.Inputting.$Properties): im.v1.Inputting;
             * }}
             */
            Inputting.create = function(properties) {
                return new Inputting(properties);
            };

            /**
             * Encodes the specified Inputting message. Does not implicitly {@link im.v1.Inputting.verify|verify} messages.
             * @function encode
             * @memberof im.v1.Inputting
             * @static
             * @param {im.v1.Inputting.$Properties} message Inputting message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Inputting.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.from != null && $Object.hasOwnProperty.call(message, "from") && message.from !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to") && message.to !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.to);
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId") && message.conversationId !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.conversationId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Inputting message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.Inputting
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.Inputting & im.v1.Inputting.$Shape} Inputting
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Inputting.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.Inputting();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.from = value;
                            else
                                delete message.from;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.to = value;
                            else
                                delete message.to;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.conversationId = value;
                            else
                                delete message.conversationId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an Inputting message.
             * @function verify
             * @memberof im.v1.Inputting
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Inputting.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    if (!$util.isString(message.from))
                        return "from: string expected";
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    if (!$util.isString(message.to))
                        return "to: string expected";
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    if (!$util.isString(message.conversationId))
                        return "conversationId: string expected";
                return null;
            };

            /**
             * Creates an Inputting message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.Inputting
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.Inputting} Inputting
             */
            Inputting.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.Inputting)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.Inputting: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.Inputting();
                if (object.from != null)
                    if (typeof object.from !== "string" || object.from.length)
                        message.from = $String(object.from);
                if (object.to != null)
                    if (typeof object.to !== "string" || object.to.length)
                        message.to = $String(object.to);
                if (object.conversationId != null)
                    if (typeof object.conversationId !== "string" || object.conversationId.length)
                        message.conversationId = $String(object.conversationId);
                return message;
            };

            /**
             * Creates a plain object from an Inputting message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.Inputting
             * @static
             * @param {im.v1.Inputting} message Inputting
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Inputting.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.from = "";
                    object.to = "";
                    object.conversationId = "";
                }
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    object.from = message.from;
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    object.to = message.to;
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    object.conversationId = message.conversationId;
                return object;
            };

            /**
             * Converts this Inputting to JSON.
             * @function toJSON
             * @memberof im.v1.Inputting
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Inputting.prototype.toJSON = function() {
                return Inputting.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Inputting;
        })();

        v1.LoginAck = (function() {

            /**
             * Properties of a LoginAck.
             * @typedef {Object} im.v1.LoginAck.$Properties
             * @property {string|null} [userId] LoginAck userId
             * @property {string|null} [deviceId] LoginAck deviceId
             * @property {string|null} [cursor] LoginAck cursor
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a LoginAck.
             * @memberof im.v1
             * @interface ILoginAck
             * @augments im.v1.LoginAck.$Properties
             * @deprecated Use im.v1.LoginAck.$Properties instead.
             */

            /**
             * Shape of a LoginAck.
             * @typedef {im.v1.LoginAck.$Properties} im.v1.LoginAck.$Shape
             */

            /**
             * Constructs a new LoginAck.
             * @memberof im.v1
             * @classdesc Represents a LoginAck.
             * @constructor
             * @param {im.v1.LoginAck.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const LoginAck = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * LoginAck userId.
             * @member {string} userId
             * @memberof im.v1.LoginAck
             * @instance
             */
            LoginAck.prototype.userId = "";

            /**
             * LoginAck deviceId.
             * @member {string} deviceId
             * @memberof im.v1.LoginAck
             * @instance
             */
            LoginAck.prototype.deviceId = "";

            /**
             * LoginAck cursor.
             * @member {string} cursor
             * @memberof im.v1.LoginAck
             * @instance
             */
            LoginAck.prototype.cursor = "";

            /**
             * Creates a new LoginAck instance using the specified properties.
             * @function create
             * @memberof im.v1.LoginAck
             * @static
             * @param {im.v1.LoginAck.$Properties=} [properties] Properties to set
             * @returns {im.v1.LoginAck} LoginAck instance
             * @type {{
             *   (properties: im.v1.LoginAck.$Shape): im.v1.LoginAck & im.v1.LoginAck.$Shape;
             *   (properties?: im.v1.LoginAck.$Properties): im.v1.LoginAck;
             * }}
             */
            LoginAck.create = function(properties) {
                return new LoginAck(properties);
            };

            /**
             * Encodes the specified LoginAck message. Does not implicitly {@link im.v1.LoginAck.verify|verify} messages.
             * @function encode
             * @memberof im.v1.LoginAck
             * @static
             * @param {im.v1.LoginAck.$Properties} message LoginAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LoginAck.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId") && message.userId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.userId);
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId") && message.deviceId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.deviceId);
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor") && message.cursor !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.cursor);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a LoginAck message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.LoginAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.LoginAck & im.v1.LoginAck.$Shape} LoginAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LoginAck.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.LoginAck();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.userId = value;
                            else
                                delete message.userId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.deviceId = value;
                            else
                                delete message.deviceId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.cursor = value;
                            else
                                delete message.cursor;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a LoginAck message.
             * @function verify
             * @memberof im.v1.LoginAck
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            LoginAck.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    if (!$util.isString(message.userId))
                        return "userId: string expected";
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    if (!$util.isString(message.deviceId))
                        return "deviceId: string expected";
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor"))
                    if (!$util.isString(message.cursor))
                        return "cursor: string expected";
                return null;
            };

            /**
             * Creates a LoginAck message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.LoginAck
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.LoginAck} LoginAck
             */
            LoginAck.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.LoginAck)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.LoginAck: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.LoginAck();
                if (object.userId != null)
                    if (typeof object.userId !== "string" || object.userId.length)
                        message.userId = $String(object.userId);
                if (object.deviceId != null)
                    if (typeof object.deviceId !== "string" || object.deviceId.length)
                        message.deviceId = $String(object.deviceId);
                if (object.cursor != null)
                    if (typeof object.cursor !== "string" || object.cursor.length)
                        message.cursor = $String(object.cursor);
                return message;
            };

            /**
             * Creates a plain object from a LoginAck message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.LoginAck
             * @static
             * @param {im.v1.LoginAck} message LoginAck
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            LoginAck.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.userId = "";
                    object.deviceId = "";
                    object.cursor = "";
                }
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    object.userId = message.userId;
                if (message.deviceId != null && $Object.hasOwnProperty.call(message, "deviceId"))
                    object.deviceId = message.deviceId;
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor"))
                    object.cursor = message.cursor;
                return object;
            };

            /**
             * Converts this LoginAck to JSON.
             * @function toJSON
             * @memberof im.v1.LoginAck
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            LoginAck.prototype.toJSON = function() {
                return LoginAck.toObject(this, $protobuf.util.toJSONOptions);
            };

            return LoginAck;
        })();

        v1.Recall = (function() {

            /**
             * Properties of a Recall.
             * @typedef {Object} im.v1.Recall.$Properties
             * @property {string|null} [conversationId] Recall conversationId
             * @property {number|Long|null} [seqId] Recall seqId
             * @property {string|null} [by] Recall by
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Recall.
             * @memberof im.v1
             * @interface IRecall
             * @augments im.v1.Recall.$Properties
             * @deprecated Use im.v1.Recall.$Properties instead.
             */

            /**
             * Shape of a Recall.
             * @typedef {im.v1.Recall.$Properties} im.v1.Recall.$Shape
             */

            /**
             * Constructs a new Recall.
             * @memberof im.v1
             * @classdesc Represents a Recall.
             * @constructor
             * @param {im.v1.Recall.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Recall = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Recall conversationId.
             * @member {string} conversationId
             * @memberof im.v1.Recall
             * @instance
             */
            Recall.prototype.conversationId = "";

            /**
             * Recall seqId.
             * @member {number|Long} seqId
             * @memberof im.v1.Recall
             * @instance
             */
            Recall.prototype.seqId = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Recall by.
             * @member {string} by
             * @memberof im.v1.Recall
             * @instance
             */
            Recall.prototype.by = "";

            /**
             * Creates a new Recall instance using the specified properties.
             * @function create
             * @memberof im.v1.Recall
             * @static
             * @param {im.v1.Recall.$Properties=} [properties] Properties to set
             * @returns {im.v1.Recall} Recall instance
             * @type {{
             *   (properties: im.v1.Recall.$Shape): im.v1.Recall & im.v1.Recall.$Shape;
             *   (properties?: im.v1.Recall.$Properties): im.v1.Recall;
             * }}
             */
            Recall.create = function(properties) {
                return new Recall(properties);
            };

            /**
             * Encodes the specified Recall message. Does not implicitly {@link im.v1.Recall.verify|verify} messages.
             * @function encode
             * @memberof im.v1.Recall
             * @static
             * @param {im.v1.Recall.$Properties} message Recall message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Recall.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId") && message.conversationId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.conversationId);
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId") && (typeof message.seqId === "object" ? message.seqId.low || message.seqId.high : message.seqId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.seqId);
                if (message.by != null && $Object.hasOwnProperty.call(message, "by") && message.by !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.by);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Recall message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.Recall
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.Recall & im.v1.Recall.$Shape} Recall
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Recall.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.Recall();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.conversationId = value;
                            else
                                delete message.conversationId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqId = value;
                            else
                                delete message.seqId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.by = value;
                            else
                                delete message.by;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Recall message.
             * @function verify
             * @memberof im.v1.Recall
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Recall.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    if (!$util.isString(message.conversationId))
                        return "conversationId: string expected";
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (!$util.isInteger(message.seqId) && !(message.seqId && $util.isInteger(message.seqId.low) && $util.isInteger(message.seqId.high)))
                        return "seqId: integer|Long expected";
                if (message.by != null && $Object.hasOwnProperty.call(message, "by"))
                    if (!$util.isString(message.by))
                        return "by: string expected";
                return null;
            };

            /**
             * Creates a Recall message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.Recall
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.Recall} Recall
             */
            Recall.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.Recall)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.Recall: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.Recall();
                if (object.conversationId != null)
                    if (typeof object.conversationId !== "string" || object.conversationId.length)
                        message.conversationId = $String(object.conversationId);
                if (object.seqId != null)
                    if (typeof object.seqId === "object" ? object.seqId.low || object.seqId.high : $Number(object.seqId) !== 0)
                        if ($util.Long)
                            message.seqId = $util.Long.fromValue(object.seqId, false);
                        else if (typeof object.seqId === "string")
                            message.seqId = $parseInt(object.seqId, 10);
                        else if (typeof object.seqId === "number")
                            message.seqId = object.seqId;
                        else if (typeof object.seqId === "object")
                            message.seqId = new $util.LongBits(object.seqId.low >>> 0, object.seqId.high >>> 0).toNumber();
                if (object.by != null)
                    if (typeof object.by !== "string" || object.by.length)
                        message.by = $String(object.by);
                return message;
            };

            /**
             * Creates a plain object from a Recall message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.Recall
             * @static
             * @param {im.v1.Recall} message Recall
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Recall.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.conversationId = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seqId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seqId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.by = "";
                }
                if (message.conversationId != null && $Object.hasOwnProperty.call(message, "conversationId"))
                    object.conversationId = message.conversationId;
                if (message.seqId != null && $Object.hasOwnProperty.call(message, "seqId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seqId = typeof message.seqId === "number" ? $BigInt(message.seqId) : $util.Long.fromBits(message.seqId.low >>> 0, message.seqId.high >>> 0, false).toBigInt();
                    else if (typeof message.seqId === "number")
                        object.seqId = options.longs === $String ? $String(message.seqId) : message.seqId;
                    else
                        object.seqId = options.longs === $String ? $util.Long.prototype.toString.call(message.seqId) : options.longs === $Number ? new $util.LongBits(message.seqId.low >>> 0, message.seqId.high >>> 0).toNumber() : message.seqId;
                if (message.by != null && $Object.hasOwnProperty.call(message, "by"))
                    object.by = message.by;
                return object;
            };

            /**
             * Converts this Recall to JSON.
             * @function toJSON
             * @memberof im.v1.Recall
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Recall.prototype.toJSON = function() {
                return Recall.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Recall;
        })();

        v1.FriendRequest = (function() {

            /**
             * Properties of a FriendRequest.
             * @typedef {Object} im.v1.FriendRequest.$Properties
             * @property {string|null} [id] FriendRequest id
             * @property {string|null} [from] FriendRequest from
             * @property {string|null} [to] FriendRequest to
             * @property {string|null} [message] FriendRequest message
             * @property {number|Long|null} [createdAt] FriendRequest createdAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FriendRequest.
             * @memberof im.v1
             * @interface IFriendRequest
             * @augments im.v1.FriendRequest.$Properties
             * @deprecated Use im.v1.FriendRequest.$Properties instead.
             */

            /**
             * Shape of a FriendRequest.
             * @typedef {im.v1.FriendRequest.$Properties} im.v1.FriendRequest.$Shape
             */

            /**
             * Constructs a new FriendRequest.
             * @memberof im.v1
             * @classdesc Represents a FriendRequest.
             * @constructor
             * @param {im.v1.FriendRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FriendRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FriendRequest id.
             * @member {string} id
             * @memberof im.v1.FriendRequest
             * @instance
             */
            FriendRequest.prototype.id = "";

            /**
             * FriendRequest from.
             * @member {string} from
             * @memberof im.v1.FriendRequest
             * @instance
             */
            FriendRequest.prototype.from = "";

            /**
             * FriendRequest to.
             * @member {string} to
             * @memberof im.v1.FriendRequest
             * @instance
             */
            FriendRequest.prototype.to = "";

            /**
             * FriendRequest message.
             * @member {string} message
             * @memberof im.v1.FriendRequest
             * @instance
             */
            FriendRequest.prototype.message = "";

            /**
             * FriendRequest createdAt.
             * @member {number|Long} createdAt
             * @memberof im.v1.FriendRequest
             * @instance
             */
            FriendRequest.prototype.createdAt = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new FriendRequest instance using the specified properties.
             * @function create
             * @memberof im.v1.FriendRequest
             * @static
             * @param {im.v1.FriendRequest.$Properties=} [properties] Properties to set
             * @returns {im.v1.FriendRequest} FriendRequest instance
             * @type {{
             *   (properties: im.v1.FriendRequest.$Shape): im.v1.FriendRequest & im.v1.FriendRequest.$Shape;
             *   (properties?: im.v1.FriendRequest.$Properties): im.v1.FriendRequest;
             * }}
             */
            FriendRequest.create = function(properties) {
                return new FriendRequest(properties);
            };

            /**
             * Encodes the specified FriendRequest message. Does not implicitly {@link im.v1.FriendRequest.verify|verify} messages.
             * @function encode
             * @memberof im.v1.FriendRequest
             * @static
             * @param {im.v1.FriendRequest.$Properties} message FriendRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FriendRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
                if (message.from != null && $Object.hasOwnProperty.call(message, "from") && message.from !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to") && message.to !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.to);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.message);
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt") && (typeof message.createdAt === "object" ? message.createdAt.low || message.createdAt.high : message.createdAt !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.createdAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FriendRequest message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.FriendRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.FriendRequest & im.v1.FriendRequest.$Shape} FriendRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FriendRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.FriendRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.id = value;
                            else
                                delete message.id;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.from = value;
                            else
                                delete message.from;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.to = value;
                            else
                                delete message.to;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdAt = value;
                            else
                                delete message.createdAt;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a FriendRequest message.
             * @function verify
             * @memberof im.v1.FriendRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            FriendRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    if (!$util.isString(message.id))
                        return "id: string expected";
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    if (!$util.isString(message.from))
                        return "from: string expected";
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    if (!$util.isString(message.to))
                        return "to: string expected";
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    if (!$util.isString(message.message))
                        return "message: string expected";
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (!$util.isInteger(message.createdAt) && !(message.createdAt && $util.isInteger(message.createdAt.low) && $util.isInteger(message.createdAt.high)))
                        return "createdAt: integer|Long expected";
                return null;
            };

            /**
             * Creates a FriendRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.FriendRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.FriendRequest} FriendRequest
             */
            FriendRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.FriendRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.FriendRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.FriendRequest();
                if (object.id != null)
                    if (typeof object.id !== "string" || object.id.length)
                        message.id = $String(object.id);
                if (object.from != null)
                    if (typeof object.from !== "string" || object.from.length)
                        message.from = $String(object.from);
                if (object.to != null)
                    if (typeof object.to !== "string" || object.to.length)
                        message.to = $String(object.to);
                if (object.message != null)
                    if (typeof object.message !== "string" || object.message.length)
                        message.message = $String(object.message);
                if (object.createdAt != null)
                    if (typeof object.createdAt === "object" ? object.createdAt.low || object.createdAt.high : $Number(object.createdAt) !== 0)
                        if ($util.Long)
                            message.createdAt = $util.Long.fromValue(object.createdAt, false);
                        else if (typeof object.createdAt === "string")
                            message.createdAt = $parseInt(object.createdAt, 10);
                        else if (typeof object.createdAt === "number")
                            message.createdAt = object.createdAt;
                        else if (typeof object.createdAt === "object")
                            message.createdAt = new $util.LongBits(object.createdAt.low >>> 0, object.createdAt.high >>> 0).toNumber();
                return message;
            };

            /**
             * Creates a plain object from a FriendRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.FriendRequest
             * @static
             * @param {im.v1.FriendRequest} message FriendRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            FriendRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.id = "";
                    object.from = "";
                    object.to = "";
                    object.message = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.createdAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.createdAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                    object.id = message.id;
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    object.from = message.from;
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    object.to = message.to;
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    object.message = message.message;
                if (message.createdAt != null && $Object.hasOwnProperty.call(message, "createdAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.createdAt = typeof message.createdAt === "number" ? $BigInt(message.createdAt) : $util.Long.fromBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0, false).toBigInt();
                    else if (typeof message.createdAt === "number")
                        object.createdAt = options.longs === $String ? $String(message.createdAt) : message.createdAt;
                    else
                        object.createdAt = options.longs === $String ? $util.Long.prototype.toString.call(message.createdAt) : options.longs === $Number ? new $util.LongBits(message.createdAt.low >>> 0, message.createdAt.high >>> 0).toNumber() : message.createdAt;
                return object;
            };

            /**
             * Converts this FriendRequest to JSON.
             * @function toJSON
             * @memberof im.v1.FriendRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            FriendRequest.prototype.toJSON = function() {
                return FriendRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            return FriendRequest;
        })();

        v1.FriendEvent = (function() {

            /**
             * Properties of a FriendEvent.
             * @typedef {Object} im.v1.FriendEvent.$Properties
             * @property {im.v1.FriendEvent.Kind|null} [kind] FriendEvent kind
             * @property {string|null} [userId] FriendEvent userId
             * @property {im.v1.FriendRequest.$Properties|null} [request] FriendEvent request
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FriendEvent.
             * @memberof im.v1
             * @interface IFriendEvent
             * @augments im.v1.FriendEvent.$Properties
             * @deprecated Use im.v1.FriendEvent.$Properties instead.
             */

            /**
             * Shape of a FriendEvent.
             * @typedef {im.v1.FriendEvent.$Properties} im.v1.FriendEvent.$Shape
             */

            /**
             * Constructs a new FriendEvent.
             * @memberof im.v1
             * @classdesc Represents a FriendEvent.
             * @constructor
             * @param {im.v1.FriendEvent.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FriendEvent = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FriendEvent kind.
             * @member {im.v1.FriendEvent.Kind} kind
             * @memberof im.v1.FriendEvent
             * @instance
             */
            FriendEvent.prototype.kind = 0;

            /**
             * FriendEvent userId.
             * @member {string} userId
             * @memberof im.v1.FriendEvent
             * @instance
             */
            FriendEvent.prototype.userId = "";

            /**
             * FriendEvent request.
             * @member {im.v1.FriendRequest.$Properties|null|undefined} request
             * @memberof im.v1.FriendEvent
             * @instance
             */
            FriendEvent.prototype.request = null;

            /**
             * Creates a new FriendEvent instance using the specified properties.
             * @function create
             * @memberof im.v1.FriendEvent
             * @static
             * @param {im.v1.FriendEvent.$Properties=} [properties] Properties to set
             * @returns {im.v1.FriendEvent} FriendEvent instance
             * @type {{
             *   (properties: im.v1.FriendEvent.$Shape): im.v1.FriendEvent & im.v1.FriendEvent.$Shape;
             *   (properties?: im.v1.FriendEvent.$Properties): im.v1.FriendEvent;
             * }}
             */
            FriendEvent.create = function(properties) {
                return new FriendEvent(properties);
            };

            /**
             * Encodes the specified FriendEvent message. Does not implicitly {@link im.v1.FriendEvent.verify|verify} messages.
             * @function encode
             * @memberof im.v1.FriendEvent
             * @static
             * @param {im.v1.FriendEvent.$Properties} message FriendEvent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FriendEvent.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.kind);
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId") && message.userId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.userId);
                if (message.request != null && $Object.hasOwnProperty.call(message, "request"))
                    $root.im.v1.FriendRequest.encode(message.request, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FriendEvent message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.FriendEvent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.FriendEvent & im.v1.FriendEvent.$Shape} FriendEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FriendEvent.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.FriendEvent();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.userId = value;
                            else
                                delete message.userId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.request = $root.im.v1.FriendRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.request);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a FriendEvent message.
             * @function verify
             * @memberof im.v1.FriendEvent
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            FriendEvent.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    if (typeof message.kind !== "number" || (message.kind | 0) !== message.kind)
                        return "kind: enum value expected";
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    if (!$util.isString(message.userId))
                        return "userId: string expected";
                if (message.request != null && $Object.hasOwnProperty.call(message, "request")) {
                    let error = $root.im.v1.FriendRequest.verify(message.request, _depth + 1);
                    if (error)
                        return "request." + error;
                }
                return null;
            };

            /**
             * Creates a FriendEvent message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.FriendEvent
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.FriendEvent} FriendEvent
             */
            FriendEvent.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.FriendEvent)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.FriendEvent: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.FriendEvent();
                if (object.kind !== 0 && (typeof object.kind !== "string" || $root.im.v1.FriendEvent.Kind[object.kind] !== 0))
                    switch (object.kind) {
                    case "KIND_UNSPECIFIED":
                    case 0:
                        message.kind = 0;
                        break;
                    case "FRIEND_REQUEST":
                    case 1:
                        message.kind = 1;
                        break;
                    case "FRIEND_ADDED":
                    case 2:
                        message.kind = 2;
                        break;
                    case "FRIEND_REMOVED":
                    case 3:
                        message.kind = 3;
                        break;
                    default:
                        if (typeof object.kind === "number" && (object.kind | 0) === object.kind)
                            message.kind = object.kind;
                    }
                if (object.userId != null)
                    if (typeof object.userId !== "string" || object.userId.length)
                        message.userId = $String(object.userId);
                if (object.request != null) {
                    if (!$util.isObject(object.request))
                        throw $TypeError(".im.v1.FriendEvent.request: object expected");
                    message.request = $root.im.v1.FriendRequest.fromObject(object.request, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a FriendEvent message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.FriendEvent
             * @static
             * @param {im.v1.FriendEvent} message FriendEvent
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            FriendEvent.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.kind = options.enums === $String ? "KIND_UNSPECIFIED" : 0;
                    object.userId = "";
                    object.request = null;
                }
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind"))
                    object.kind = options.enums === $String ? $root.im.v1.FriendEvent.Kind[message.kind] === $undefined ? message.kind : $root.im.v1.FriendEvent.Kind[message.kind] : message.kind;
                if (message.userId != null && $Object.hasOwnProperty.call(message, "userId"))
                    object.userId = message.userId;
                if (message.request != null && $Object.hasOwnProperty.call(message, "request"))
                    object.request = $root.im.v1.FriendRequest.toObject(message.request, options, _depth + 1);
                return object;
            };

            /**
             * Converts this FriendEvent to JSON.
             * @function toJSON
             * @memberof im.v1.FriendEvent
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            FriendEvent.prototype.toJSON = function() {
                return FriendEvent.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Kind enum.
             * @name im.v1.FriendEvent.Kind
             * @enum {number}
             * @property {number} KIND_UNSPECIFIED=0 KIND_UNSPECIFIED value
             * @property {number} FRIEND_REQUEST=1 FRIEND_REQUEST value
             * @property {number} FRIEND_ADDED=2 FRIEND_ADDED value
             * @property {number} FRIEND_REMOVED=3 FRIEND_REMOVED value
             */
            FriendEvent.Kind = (function() {
                const valuesById = $Object.create(null), values = $Object.create(valuesById);
                values[valuesById[0] = "KIND_UNSPECIFIED"] = 0;
                values[valuesById[1] = "FRIEND_REQUEST"] = 1;
                values[valuesById[2] = "FRIEND_ADDED"] = 2;
                values[valuesById[3] = "FRIEND_REMOVED"] = 3;
                return values;
            })();

            return FriendEvent;
        })();

        v1.GroupEvent = (function() {

            /**
             * Properties of a GroupEvent.
             * @typedef {Object} im.v1.GroupEvent.$Properties
             * @property {string|null} [groupId] GroupEvent groupId
             * @property {string|null} [action] GroupEvent action
             * @property {Array.<string>|null} [userIds] GroupEvent userIds
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a GroupEvent.
             * @memberof im.v1
             * @interface IGroupEvent
             * @augments im.v1.GroupEvent.$Properties
             * @deprecated Use im.v1.GroupEvent.$Properties instead.
             */

            /**
             * Shape of a GroupEvent.
             * @typedef {im.v1.GroupEvent.$Properties} im.v1.GroupEvent.$Shape
             */

            /**
             * Constructs a new GroupEvent.
             * @memberof im.v1
             * @classdesc Represents a GroupEvent.
             * @constructor
             * @param {im.v1.GroupEvent.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const GroupEvent = function (properties) {
                this.userIds = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * GroupEvent groupId.
             * @member {string} groupId
             * @memberof im.v1.GroupEvent
             * @instance
             */
            GroupEvent.prototype.groupId = "";

            /**
             * GroupEvent action.
             * @member {string} action
             * @memberof im.v1.GroupEvent
             * @instance
             */
            GroupEvent.prototype.action = "";

            /**
             * GroupEvent userIds.
             * @member {Array.<string>} userIds
             * @memberof im.v1.GroupEvent
             * @instance
             */
            GroupEvent.prototype.userIds = $util.emptyArray;

            /**
             * Creates a new GroupEvent instance using the specified properties.
             * @function create
             * @memberof im.v1.GroupEvent
             * @static
             * @param {im.v1.GroupEvent.$Properties=} [properties] Properties to set
             * @returns {im.v1.GroupEvent} GroupEvent instance
             * @type {{
             *   (properties: im.v1.GroupEvent.$Shape): im.v1.GroupEvent & im.v1.GroupEvent.$Shape;
             *   (properties?: im.v1.GroupEvent.$Properties): im.v1.GroupEvent;
             * }}
             */
            GroupEvent.create = function(properties) {
                return new GroupEvent(properties);
            };

            /**
             * Encodes the specified GroupEvent message. Does not implicitly {@link im.v1.GroupEvent.verify|verify} messages.
             * @function encode
             * @memberof im.v1.GroupEvent
             * @static
             * @param {im.v1.GroupEvent.$Properties} message GroupEvent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            GroupEvent.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.groupId != null && $Object.hasOwnProperty.call(message, "groupId") && message.groupId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.groupId);
                if (message.action != null && $Object.hasOwnProperty.call(message, "action") && message.action !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.action);
                if (message.userIds != null && message.userIds.length)
                    for (let i = 0; i < message.userIds.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.userIds[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a GroupEvent message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.GroupEvent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.GroupEvent & im.v1.GroupEvent.$Shape} GroupEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            GroupEvent.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.GroupEvent();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.groupId = value;
                            else
                                delete message.groupId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.action = value;
                            else
                                delete message.action;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.userIds && message.userIds.length))
                                message.userIds = [];
                            message.userIds.push(reader.stringVerify());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a GroupEvent message.
             * @function verify
             * @memberof im.v1.GroupEvent
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            GroupEvent.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.groupId != null && $Object.hasOwnProperty.call(message, "groupId"))
                    if (!$util.isString(message.groupId))
                        return "groupId: string expected";
                if (message.action != null && $Object.hasOwnProperty.call(message, "action"))
                    if (!$util.isString(message.action))
                        return "action: string expected";
                if (message.userIds != null && $Object.hasOwnProperty.call(message, "userIds")) {
                    if (!$Array.isArray(message.userIds))
                        return "userIds: array expected";
                    for (let i = 0; i < message.userIds.length; ++i)
                        if (!$util.isString(message.userIds[i]))
                            return "userIds: string[] expected";
                }
                return null;
            };

            /**
             * Creates a GroupEvent message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.GroupEvent
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.GroupEvent} GroupEvent
             */
            GroupEvent.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.GroupEvent)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.GroupEvent: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.GroupEvent();
                if (object.groupId != null)
                    if (typeof object.groupId !== "string" || object.groupId.length)
                        message.groupId = $String(object.groupId);
                if (object.action != null)
                    if (typeof object.action !== "string" || object.action.length)
                        message.action = $String(object.action);
                if (object.userIds) {
                    if (!$Array.isArray(object.userIds))
                        throw $TypeError(".im.v1.GroupEvent.userIds: array expected");
                    message.userIds = $Array(object.userIds.length);
                    for (let i = 0; i < object.userIds.length; ++i)
                        message.userIds[i] = $String(object.userIds[i]);
                }
                return message;
            };

            /**
             * Creates a plain object from a GroupEvent message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.GroupEvent
             * @static
             * @param {im.v1.GroupEvent} message GroupEvent
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            GroupEvent.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.userIds = [];
                if (options.defaults) {
                    object.groupId = "";
                    object.action = "";
                }
                if (message.groupId != null && $Object.hasOwnProperty.call(message, "groupId"))
                    object.groupId = message.groupId;
                if (message.action != null && $Object.hasOwnProperty.call(message, "action"))
                    object.action = message.action;
                if (message.userIds && message.userIds.length) {
                    object.userIds = $Array(message.userIds.length);
                    for (let j = 0; j < message.userIds.length; ++j)
                        object.userIds[j] = message.userIds[j];
                }
                return object;
            };

            /**
             * Converts this GroupEvent to JSON.
             * @function toJSON
             * @memberof im.v1.GroupEvent
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            GroupEvent.prototype.toJSON = function() {
                return GroupEvent.toObject(this, $protobuf.util.toJSONOptions);
            };

            return GroupEvent;
        })();

        v1.Event = (function() {

            /**
             * Properties of an Event.
             * @typedef {Object} im.v1.Event.$Properties
             * @property {string|null} [cursor] Event cursor
             * @property {number|Long|null} [at] Event at
             * @property {im.v1.FriendMessage.$Properties|null} [friendMessage] Event friendMessage
             * @property {im.v1.GroupMessage.$Properties|null} [groupMessage] Event groupMessage
             * @property {im.v1.Recall.$Properties|null} [recall] Event recall
             * @property {im.v1.ReadMessage.$Properties|null} [read] Event read
             * @property {im.v1.Inputting.$Properties|null} [inputting] Event inputting
             * @property {im.v1.ClientStatus.$Properties|null} [status] Event status
             * @property {im.v1.FriendEvent.$Properties|null} [friendEvent] Event friendEvent
             * @property {im.v1.GroupEvent.$Properties|null} [groupEvent] Event groupEvent
             * @property {"friendMessage"|"groupMessage"|"recall"|"read"|"inputting"|"status"|"friendEvent"|"groupEvent"} [body] Event body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Event.
             * @memberof im.v1
             * @interface IEvent
             * @augments im.v1.Event.$Properties
             * @deprecated Use im.v1.Event.$Properties instead.
             */

            /**
             * Narrowed shape of an Event.
             * @typedef {{
             *   cursor?: string|null;
             *   at?: number|Long|null;
             *   friendMessage?: im.v1.FriendMessage.$Shape|null;
             *   groupMessage?: im.v1.GroupMessage.$Shape|null;
             *   recall?: im.v1.Recall.$Shape|null;
             *   read?: im.v1.ReadMessage.$Shape|null;
             *   inputting?: im.v1.Inputting.$Shape|null;
             *   status?: im.v1.ClientStatus.$Shape|null;
             *   friendEvent?: im.v1.FriendEvent.$Shape|null;
             *   groupEvent?: im.v1.GroupEvent.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "friendMessage"; friendMessage: im.v1.FriendMessage.$Shape; groupMessage?: null; recall?: null; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "groupMessage"; friendMessage?: null; groupMessage: im.v1.GroupMessage.$Shape; recall?: null; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "recall"; friendMessage?: null; groupMessage?: null; recall: im.v1.Recall.$Shape; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "read"; friendMessage?: null; groupMessage?: null; recall?: null; read: im.v1.ReadMessage.$Shape; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "inputting"; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting: im.v1.Inputting.$Shape; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "status"; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting?: null; status: im.v1.ClientStatus.$Shape; friendEvent?: null; groupEvent?: null }|{ body?: "friendEvent"; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting?: null; status?: null; friendEvent: im.v1.FriendEvent.$Shape; groupEvent?: null }|{ body?: "groupEvent"; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent: im.v1.GroupEvent.$Shape })
             * )} im.v1.Event.$Shape
             */

            /**
             * Constructs a new Event.
             * @memberof im.v1
             * @classdesc Represents an Event.
             * @constructor
             * @param {im.v1.Event.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Event = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Event cursor.
             * @member {string} cursor
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.cursor = "";

            /**
             * Event at.
             * @member {number|Long} at
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.at = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Event friendMessage.
             * @member {im.v1.FriendMessage.$Properties|null|undefined} friendMessage
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.friendMessage = null;

            /**
             * Event groupMessage.
             * @member {im.v1.GroupMessage.$Properties|null|undefined} groupMessage
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.groupMessage = null;

            /**
             * Event recall.
             * @member {im.v1.Recall.$Properties|null|undefined} recall
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.recall = null;

            /**
             * Event read.
             * @member {im.v1.ReadMessage.$Properties|null|undefined} read
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.read = null;

            /**
             * Event inputting.
             * @member {im.v1.Inputting.$Properties|null|undefined} inputting
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.inputting = null;

            /**
             * Event status.
             * @member {im.v1.ClientStatus.$Properties|null|undefined} status
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.status = null;

            /**
             * Event friendEvent.
             * @member {im.v1.FriendEvent.$Properties|null|undefined} friendEvent
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.friendEvent = null;

            /**
             * Event groupEvent.
             * @member {im.v1.GroupEvent.$Properties|null|undefined} groupEvent
             * @memberof im.v1.Event
             * @instance
             */
            Event.prototype.groupEvent = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Event body.
             * @member {"friendMessage"|"groupMessage"|"recall"|"read"|"inputting"|"status"|"friendEvent"|"groupEvent"|undefined} body
             * @memberof im.v1.Event
             * @instance
             */
            $Object.defineProperty(Event.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["friendMessage", "groupMessage", "recall", "read", "inputting", "status", "friendEvent", "groupEvent"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Event instance using the specified properties.
             * @function create
             * @memberof im.v1.Event
             * @static
             * @param {im.v1.Event.$Properties=} [properties] Properties to set
             * @returns {im.v1.Event} Event instance
             * @type {{
             *   (properties: im.v1.Event.$Shape): im.v1.Event & im.v1.Event.$Shape;
             *   (properties?: im.v1.Event.$Properties): im.v1.Event;
             * }}
             */
            Event.create = function(properties) {
                return new Event(properties);
            };

            /**
             * Encodes the specified Event message. Does not implicitly {@link im.v1.Event.verify|verify} messages.
             * @function encode
             * @memberof im.v1.Event
             * @static
             * @param {im.v1.Event.$Properties} message Event message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Event.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor") && message.cursor !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.cursor);
                if (message.at != null && $Object.hasOwnProperty.call(message, "at") && (typeof message.at === "object" ? message.at.low || message.at.high : message.at !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.at);
                if (message.friendMessage != null && $Object.hasOwnProperty.call(message, "friendMessage"))
                    $root.im.v1.FriendMessage.encode(message.friendMessage, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.groupMessage != null && $Object.hasOwnProperty.call(message, "groupMessage"))
                    $root.im.v1.GroupMessage.encode(message.groupMessage, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.recall != null && $Object.hasOwnProperty.call(message, "recall"))
                    $root.im.v1.Recall.encode(message.recall, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.read != null && $Object.hasOwnProperty.call(message, "read"))
                    $root.im.v1.ReadMessage.encode(message.read, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.inputting != null && $Object.hasOwnProperty.call(message, "inputting"))
                    $root.im.v1.Inputting.encode(message.inputting, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                    $root.im.v1.ClientStatus.encode(message.status, writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message.friendEvent != null && $Object.hasOwnProperty.call(message, "friendEvent"))
                    $root.im.v1.FriendEvent.encode(message.friendEvent, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.groupEvent != null && $Object.hasOwnProperty.call(message, "groupEvent"))
                    $root.im.v1.GroupEvent.encode(message.groupEvent, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Event message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.Event
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.Event & im.v1.Event.$Shape} Event
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Event.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.Event();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.cursor = value;
                            else
                                delete message.cursor;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.at = value;
                            else
                                delete message.at;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.friendMessage = $root.im.v1.FriendMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.friendMessage);
                            message.body = "friendMessage";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.groupMessage = $root.im.v1.GroupMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.groupMessage);
                            message.body = "groupMessage";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.recall = $root.im.v1.Recall.decode(reader, reader.size(), $undefined, _depth + 1, message.recall);
                            message.body = "recall";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.read = $root.im.v1.ReadMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.read);
                            message.body = "read";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.inputting = $root.im.v1.Inputting.decode(reader, reader.size(), $undefined, _depth + 1, message.inputting);
                            message.body = "inputting";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message.status = $root.im.v1.ClientStatus.decode(reader, reader.size(), $undefined, _depth + 1, message.status);
                            message.body = "status";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message.friendEvent = $root.im.v1.FriendEvent.decode(reader, reader.size(), $undefined, _depth + 1, message.friendEvent);
                            message.body = "friendEvent";
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.groupEvent = $root.im.v1.GroupEvent.decode(reader, reader.size(), $undefined, _depth + 1, message.groupEvent);
                            message.body = "groupEvent";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an Event message.
             * @function verify
             * @memberof im.v1.Event
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Event.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor"))
                    if (!$util.isString(message.cursor))
                        return "cursor: string expected";
                if (message.at != null && $Object.hasOwnProperty.call(message, "at"))
                    if (!$util.isInteger(message.at) && !(message.at && $util.isInteger(message.at.low) && $util.isInteger(message.at.high)))
                        return "at: integer|Long expected";
                if (message.friendMessage != null && $Object.hasOwnProperty.call(message, "friendMessage")) {
                    properties.body = 1;
                    {
                        let error = $root.im.v1.FriendMessage.verify(message.friendMessage, _depth + 1);
                        if (error)
                            return "friendMessage." + error;
                    }
                }
                if (message.groupMessage != null && $Object.hasOwnProperty.call(message, "groupMessage")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.GroupMessage.verify(message.groupMessage, _depth + 1);
                        if (error)
                            return "groupMessage." + error;
                    }
                }
                if (message.recall != null && $Object.hasOwnProperty.call(message, "recall")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.Recall.verify(message.recall, _depth + 1);
                        if (error)
                            return "recall." + error;
                    }
                }
                if (message.read != null && $Object.hasOwnProperty.call(message, "read")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.ReadMessage.verify(message.read, _depth + 1);
                        if (error)
                            return "read." + error;
                    }
                }
                if (message.inputting != null && $Object.hasOwnProperty.call(message, "inputting")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.Inputting.verify(message.inputting, _depth + 1);
                        if (error)
                            return "inputting." + error;
                    }
                }
                if (message.status != null && $Object.hasOwnProperty.call(message, "status")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.ClientStatus.verify(message.status, _depth + 1);
                        if (error)
                            return "status." + error;
                    }
                }
                if (message.friendEvent != null && $Object.hasOwnProperty.call(message, "friendEvent")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.FriendEvent.verify(message.friendEvent, _depth + 1);
                        if (error)
                            return "friendEvent." + error;
                    }
                }
                if (message.groupEvent != null && $Object.hasOwnProperty.call(message, "groupEvent")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.GroupEvent.verify(message.groupEvent, _depth + 1);
                        if (error)
                            return "groupEvent." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an Event message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.Event
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.Event} Event
             */
            Event.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.Event)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.Event: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.Event();
                if (object.cursor != null)
                    if (typeof object.cursor !== "string" || object.cursor.length)
                        message.cursor = $String(object.cursor);
                if (object.at != null)
                    if (typeof object.at === "object" ? object.at.low || object.at.high : $Number(object.at) !== 0)
                        if ($util.Long)
                            message.at = $util.Long.fromValue(object.at, false);
                        else if (typeof object.at === "string")
                            message.at = $parseInt(object.at, 10);
                        else if (typeof object.at === "number")
                            message.at = object.at;
                        else if (typeof object.at === "object")
                            message.at = new $util.LongBits(object.at.low >>> 0, object.at.high >>> 0).toNumber();
                if (object.friendMessage != null) {
                    if (!$util.isObject(object.friendMessage))
                        throw $TypeError(".im.v1.Event.friendMessage: object expected");
                    message.friendMessage = $root.im.v1.FriendMessage.fromObject(object.friendMessage, _depth + 1);
                }
                if (object.groupMessage != null) {
                    if (!$util.isObject(object.groupMessage))
                        throw $TypeError(".im.v1.Event.groupMessage: object expected");
                    message.groupMessage = $root.im.v1.GroupMessage.fromObject(object.groupMessage, _depth + 1);
                }
                if (object.recall != null) {
                    if (!$util.isObject(object.recall))
                        throw $TypeError(".im.v1.Event.recall: object expected");
                    message.recall = $root.im.v1.Recall.fromObject(object.recall, _depth + 1);
                }
                if (object.read != null) {
                    if (!$util.isObject(object.read))
                        throw $TypeError(".im.v1.Event.read: object expected");
                    message.read = $root.im.v1.ReadMessage.fromObject(object.read, _depth + 1);
                }
                if (object.inputting != null) {
                    if (!$util.isObject(object.inputting))
                        throw $TypeError(".im.v1.Event.inputting: object expected");
                    message.inputting = $root.im.v1.Inputting.fromObject(object.inputting, _depth + 1);
                }
                if (object.status != null) {
                    if (!$util.isObject(object.status))
                        throw $TypeError(".im.v1.Event.status: object expected");
                    message.status = $root.im.v1.ClientStatus.fromObject(object.status, _depth + 1);
                }
                if (object.friendEvent != null) {
                    if (!$util.isObject(object.friendEvent))
                        throw $TypeError(".im.v1.Event.friendEvent: object expected");
                    message.friendEvent = $root.im.v1.FriendEvent.fromObject(object.friendEvent, _depth + 1);
                }
                if (object.groupEvent != null) {
                    if (!$util.isObject(object.groupEvent))
                        throw $TypeError(".im.v1.Event.groupEvent: object expected");
                    message.groupEvent = $root.im.v1.GroupEvent.fromObject(object.groupEvent, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from an Event message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.Event
             * @static
             * @param {im.v1.Event} message Event
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Event.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.cursor = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.at = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.at = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor"))
                    object.cursor = message.cursor;
                if (message.at != null && $Object.hasOwnProperty.call(message, "at"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.at = typeof message.at === "number" ? $BigInt(message.at) : $util.Long.fromBits(message.at.low >>> 0, message.at.high >>> 0, false).toBigInt();
                    else if (typeof message.at === "number")
                        object.at = options.longs === $String ? $String(message.at) : message.at;
                    else
                        object.at = options.longs === $String ? $util.Long.prototype.toString.call(message.at) : options.longs === $Number ? new $util.LongBits(message.at.low >>> 0, message.at.high >>> 0).toNumber() : message.at;
                if (message.friendMessage != null && $Object.hasOwnProperty.call(message, "friendMessage")) {
                    object.friendMessage = $root.im.v1.FriendMessage.toObject(message.friendMessage, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "friendMessage";
                }
                if (message.groupMessage != null && $Object.hasOwnProperty.call(message, "groupMessage")) {
                    object.groupMessage = $root.im.v1.GroupMessage.toObject(message.groupMessage, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "groupMessage";
                }
                if (message.recall != null && $Object.hasOwnProperty.call(message, "recall")) {
                    object.recall = $root.im.v1.Recall.toObject(message.recall, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "recall";
                }
                if (message.read != null && $Object.hasOwnProperty.call(message, "read")) {
                    object.read = $root.im.v1.ReadMessage.toObject(message.read, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "read";
                }
                if (message.inputting != null && $Object.hasOwnProperty.call(message, "inputting")) {
                    object.inputting = $root.im.v1.Inputting.toObject(message.inputting, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "inputting";
                }
                if (message.status != null && $Object.hasOwnProperty.call(message, "status")) {
                    object.status = $root.im.v1.ClientStatus.toObject(message.status, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "status";
                }
                if (message.friendEvent != null && $Object.hasOwnProperty.call(message, "friendEvent")) {
                    object.friendEvent = $root.im.v1.FriendEvent.toObject(message.friendEvent, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "friendEvent";
                }
                if (message.groupEvent != null && $Object.hasOwnProperty.call(message, "groupEvent")) {
                    object.groupEvent = $root.im.v1.GroupEvent.toObject(message.groupEvent, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "groupEvent";
                }
                return object;
            };

            /**
             * Converts this Event to JSON.
             * @function toJSON
             * @memberof im.v1.Event
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Event.prototype.toJSON = function() {
                return Event.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Event;
        })();

        v1.Error = (function() {

            /**
             * Properties of an Error.
             * @typedef {Object} im.v1.Error.$Properties
             * @property {string|null} [code] Error code
             * @property {string|null} [message] Error message
             * @property {number|Long|null} [seq] Error seq
             * @property {number|Long|null} [retryAfterMs] Error retryAfterMs
             * @property {string|null} [cursor] Error cursor
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Error.
             * @memberof im.v1
             * @interface IError
             * @augments im.v1.Error.$Properties
             * @deprecated Use im.v1.Error.$Properties instead.
             */

            /**
             * Shape of an Error.
             * @typedef {im.v1.Error.$Properties} im.v1.Error.$Shape
             */

            /**
             * Constructs a new Error.
             * @memberof im.v1
             * @classdesc Represents an Error.
             * @constructor
             * @param {im.v1.Error.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Error = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Error code.
             * @member {string} code
             * @memberof im.v1.Error
             * @instance
             */
            Error.prototype.code = "";

            /**
             * Error message.
             * @member {string} message
             * @memberof im.v1.Error
             * @instance
             */
            Error.prototype.message = "";

            /**
             * Error seq.
             * @member {number|Long} seq
             * @memberof im.v1.Error
             * @instance
             */
            Error.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Error retryAfterMs.
             * @member {number|Long} retryAfterMs
             * @memberof im.v1.Error
             * @instance
             */
            Error.prototype.retryAfterMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Error cursor.
             * @member {string} cursor
             * @memberof im.v1.Error
             * @instance
             */
            Error.prototype.cursor = "";

            /**
             * Creates a new Error instance using the specified properties.
             * @function create
             * @memberof im.v1.Error
             * @static
             * @param {im.v1.Error.$Properties=} [properties] Properties to set
             * @returns {im.v1.Error} Error instance
             * @type {{
             *   (properties: im.v1.Error.$Shape): im.v1.Error & im.v1.Error.$Shape;
             *   (properties?: im.v1.Error.$Properties): im.v1.Error;
             * }}
             */
            Error.create = function(properties) {
                return new Error(properties);
            };

            /**
             * Encodes the specified Error message. Does not implicitly {@link im.v1.Error.verify|verify} messages.
             * @function encode
             * @memberof im.v1.Error
             * @static
             * @param {im.v1.Error.$Properties} message Error message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Error.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.code);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.seq);
                if (message.retryAfterMs != null && $Object.hasOwnProperty.call(message, "retryAfterMs") && (typeof message.retryAfterMs === "object" ? message.retryAfterMs.low || message.retryAfterMs.high : message.retryAfterMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.retryAfterMs);
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor") && message.cursor !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.cursor);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.Error
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.Error & im.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Error.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.Error();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.retryAfterMs = value;
                            else
                                delete message.retryAfterMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.cursor = value;
                            else
                                delete message.cursor;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies an Error message.
             * @function verify
             * @memberof im.v1.Error
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Error.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                    if (!$util.isString(message.code))
                        return "code: string expected";
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    if (!$util.isString(message.message))
                        return "message: string expected";
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.retryAfterMs != null && $Object.hasOwnProperty.call(message, "retryAfterMs"))
                    if (!$util.isInteger(message.retryAfterMs) && !(message.retryAfterMs && $util.isInteger(message.retryAfterMs.low) && $util.isInteger(message.retryAfterMs.high)))
                        return "retryAfterMs: integer|Long expected";
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor"))
                    if (!$util.isString(message.cursor))
                        return "cursor: string expected";
                return null;
            };

            /**
             * Creates an Error message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.Error
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.Error} Error
             */
            Error.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.Error)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.Error: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.Error();
                if (object.code != null)
                    if (typeof object.code !== "string" || object.code.length)
                        message.code = $String(object.code);
                if (object.message != null)
                    if (typeof object.message !== "string" || object.message.length)
                        message.message = $String(object.message);
                if (object.seq != null)
                    if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                        if ($util.Long)
                            message.seq = $util.Long.fromValue(object.seq, false);
                        else if (typeof object.seq === "string")
                            message.seq = $parseInt(object.seq, 10);
                        else if (typeof object.seq === "number")
                            message.seq = object.seq;
                        else if (typeof object.seq === "object")
                            message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber();
                if (object.retryAfterMs != null)
                    if (typeof object.retryAfterMs === "object" ? object.retryAfterMs.low || object.retryAfterMs.high : $Number(object.retryAfterMs) !== 0)
                        if ($util.Long)
                            message.retryAfterMs = $util.Long.fromValue(object.retryAfterMs, false);
                        else if (typeof object.retryAfterMs === "string")
                            message.retryAfterMs = $parseInt(object.retryAfterMs, 10);
                        else if (typeof object.retryAfterMs === "number")
                            message.retryAfterMs = object.retryAfterMs;
                        else if (typeof object.retryAfterMs === "object")
                            message.retryAfterMs = new $util.LongBits(object.retryAfterMs.low >>> 0, object.retryAfterMs.high >>> 0).toNumber();
                if (object.cursor != null)
                    if (typeof object.cursor !== "string" || object.cursor.length)
                        message.cursor = $String(object.cursor);
                return message;
            };

            /**
             * Creates a plain object from an Error message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.Error
             * @static
             * @param {im.v1.Error} message Error
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Error.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.code = "";
                    object.message = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, false);
                        object.retryAfterMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.retryAfterMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.cursor = "";
                }
                if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                    object.code = message.code;
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    object.message = message.message;
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, false).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber() : message.seq;
                if (message.retryAfterMs != null && $Object.hasOwnProperty.call(message, "retryAfterMs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.retryAfterMs = typeof message.retryAfterMs === "number" ? $BigInt(message.retryAfterMs) : $util.Long.fromBits(message.retryAfterMs.low >>> 0, message.retryAfterMs.high >>> 0, false).toBigInt();
                    else if (typeof message.retryAfterMs === "number")
                        object.retryAfterMs = options.longs === $String ? $String(message.retryAfterMs) : message.retryAfterMs;
                    else
                        object.retryAfterMs = options.longs === $String ? $util.Long.prototype.toString.call(message.retryAfterMs) : options.longs === $Number ? new $util.LongBits(message.retryAfterMs.low >>> 0, message.retryAfterMs.high >>> 0).toNumber() : message.retryAfterMs;
                if (message.cursor != null && $Object.hasOwnProperty.call(message, "cursor"))
                    object.cursor = message.cursor;
                return object;
            };

            /**
             * Converts this Error to JSON.
             * @function toJSON
             * @memberof im.v1.Error
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Error.prototype.toJSON = function() {
                return Error.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Error;
        })();

        v1.Frame = (function() {

            /**
             * Properties of a Frame.
             * @typedef {Object} im.v1.Frame.$Properties
             * @property {im.v1.Heartbeat.$Properties|null} [heartbeat] Frame heartbeat
             * @property {im.v1.Acknowledge.$Properties|null} [ack] Frame ack
             * @property {im.v1.FriendMessage.$Properties|null} [friendMessage] Frame friendMessage
             * @property {im.v1.GroupMessage.$Properties|null} [groupMessage] Frame groupMessage
             * @property {im.v1.ClientLogin.$Properties|null} [login] Frame login
             * @property {im.v1.LoginAck.$Properties|null} [loginAck] Frame loginAck
             * @property {im.v1.ClientLogout.$Properties|null} [logout] Frame logout
             * @property {im.v1.ClientStatus.$Properties|null} [status] Frame status
             * @property {im.v1.ReadMessage.$Properties|null} [read] Frame read
             * @property {im.v1.Inputting.$Properties|null} [inputting] Frame inputting
             * @property {im.v1.Recall.$Properties|null} [recall] Frame recall
             * @property {im.v1.Event.$Properties|null} [event] Frame event
             * @property {im.v1.Error.$Properties|null} [error] Frame error
             * @property {"heartbeat"|"ack"|"friendMessage"|"groupMessage"|"login"|"loginAck"|"logout"|"status"|"read"|"inputting"|"recall"|"event"|"error"} [body] Frame body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Frame.
             * @memberof im.v1
             * @interface IFrame
             * @augments im.v1.Frame.$Properties
             * @deprecated Use im.v1.Frame.$Properties instead.
             */

            /**
             * Narrowed shape of a Frame.
             * @typedef {{
             *   heartbeat?: im.v1.Heartbeat.$Shape|null;
             *   ack?: im.v1.Acknowledge.$Shape|null;
             *   friendMessage?: im.v1.FriendMessage.$Shape|null;
             *   groupMessage?: im.v1.GroupMessage.$Shape|null;
             *   login?: im.v1.ClientLogin.$Shape|null;
             *   loginAck?: im.v1.LoginAck.$Shape|null;
             *   logout?: im.v1.ClientLogout.$Shape|null;
             *   status?: im.v1.ClientStatus.$Shape|null;
             *   read?: im.v1.ReadMessage.$Shape|null;
             *   inputting?: im.v1.Inputting.$Shape|null;
             *   recall?: im.v1.Recall.$Shape|null;
             *   event?: im.v1.Event.$Shape|null;
             *   error?: im.v1.Error.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "heartbeat"; heartbeat: im.v1.Heartbeat.$Shape; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "ack"; heartbeat?: null; ack: im.v1.Acknowledge.$Shape; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "friendMessage"; heartbeat?: null; ack?: null; friendMessage: im.v1.FriendMessage.$Shape; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "groupMessage"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage: im.v1.GroupMessage.$Shape; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "login"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login: im.v1.ClientLogin.$Shape; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "loginAck"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck: im.v1.LoginAck.$Shape; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "logout"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout: im.v1.ClientLogout.$Shape; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "status"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status: im.v1.ClientStatus.$Shape; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "read"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read: im.v1.ReadMessage.$Shape; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "inputting"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting: im.v1.Inputting.$Shape; recall?: null; event?: null; error?: null }|{ body?: "recall"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall: im.v1.Recall.$Shape; event?: null; error?: null }|{ body?: "event"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event: im.v1.Event.$Shape; error?: null }|{ body?: "error"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error: im.v1.Error.$Shape })
             * )} im.v1.Frame.$Shape
             */

            /**
             * Constructs a new Frame.
             * @memberof im.v1
             * @classdesc Represents a Frame.
             * @constructor
             * @param {im.v1.Frame.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Frame = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Frame heartbeat.
             * @member {im.v1.Heartbeat.$Properties|null|undefined} heartbeat
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.heartbeat = null;

            /**
             * Frame ack.
             * @member {im.v1.Acknowledge.$Properties|null|undefined} ack
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.ack = null;

            /**
             * Frame friendMessage.
             * @member {im.v1.FriendMessage.$Properties|null|undefined} friendMessage
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.friendMessage = null;

            /**
             * Frame groupMessage.
             * @member {im.v1.GroupMessage.$Properties|null|undefined} groupMessage
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.groupMessage = null;

            /**
             * Frame login.
             * @member {im.v1.ClientLogin.$Properties|null|undefined} login
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.login = null;

            /**
             * Frame loginAck.
             * @member {im.v1.LoginAck.$Properties|null|undefined} loginAck
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.loginAck = null;

            /**
             * Frame logout.
             * @member {im.v1.ClientLogout.$Properties|null|undefined} logout
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.logout = null;

            /**
             * Frame status.
             * @member {im.v1.ClientStatus.$Properties|null|undefined} status
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.status = null;

            /**
             * Frame read.
             * @member {im.v1.ReadMessage.$Properties|null|undefined} read
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.read = null;

            /**
             * Frame inputting.
             * @member {im.v1.Inputting.$Properties|null|undefined} inputting
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.inputting = null;

            /**
             * Frame recall.
             * @member {im.v1.Recall.$Properties|null|undefined} recall
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.recall = null;

            /**
             * Frame event.
             * @member {im.v1.Event.$Properties|null|undefined} event
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.event = null;

            /**
             * Frame error.
             * @member {im.v1.Error.$Properties|null|undefined} error
             * @memberof im.v1.Frame
             * @instance
             */
            Frame.prototype.error = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Frame body.
             * @member {"heartbeat"|"ack"|"friendMessage"|"groupMessage"|"login"|"loginAck"|"logout"|"status"|"read"|"inputting"|"recall"|"event"|"error"|undefined} body
             * @memberof im.v1.Frame
             * @instance
             */
            $Object.defineProperty(Frame.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["heartbeat", "ack", "friendMessage", "groupMessage", "login", "loginAck", "logout", "status", "read", "inputting", "recall", "event", "error"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Frame instance using the specified properties.
             * @function create
             * @memberof im.v1.Frame
             * @static
             * @param {im.v1.Frame.$Properties=} [properties] Properties to set
             * @returns {im.v1.Frame} Frame instance
             * @type {{
             *   (properties: im.v1.Frame.$Shape): im.v1.Frame & im.v1.Frame.$Shape;
             *   (properties?: im.v1.Frame.$Properties): im.v1.Frame;
             * }}
             */
            Frame.create = function(properties) {
                return new Frame(properties);
            };

            /**
             * Encodes the specified Frame message. Does not implicitly {@link im.v1.Frame.verify|verify} messages.
             * @function encode
             * @memberof im.v1.Frame
             * @static
             * @param {im.v1.Frame.$Properties} message Frame message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Frame.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.im.v1.Heartbeat.encode(message.heartbeat, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack"))
                    $root.im.v1.Acknowledge.encode(message.ack, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.friendMessage != null && $Object.hasOwnProperty.call(message, "friendMessage"))
                    $root.im.v1.FriendMessage.encode(message.friendMessage, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.groupMessage != null && $Object.hasOwnProperty.call(message, "groupMessage"))
                    $root.im.v1.GroupMessage.encode(message.groupMessage, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.login != null && $Object.hasOwnProperty.call(message, "login"))
                    $root.im.v1.ClientLogin.encode(message.login, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.loginAck != null && $Object.hasOwnProperty.call(message, "loginAck"))
                    $root.im.v1.LoginAck.encode(message.loginAck, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.logout != null && $Object.hasOwnProperty.call(message, "logout"))
                    $root.im.v1.ClientLogout.encode(message.logout, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                    $root.im.v1.ClientStatus.encode(message.status, writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message.read != null && $Object.hasOwnProperty.call(message, "read"))
                    $root.im.v1.ReadMessage.encode(message.read, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.inputting != null && $Object.hasOwnProperty.call(message, "inputting"))
                    $root.im.v1.Inputting.encode(message.inputting, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.recall != null && $Object.hasOwnProperty.call(message, "recall"))
                    $root.im.v1.Recall.encode(message.recall, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.event != null && $Object.hasOwnProperty.call(message, "event"))
                    $root.im.v1.Event.encode(message.event, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    $root.im.v1.Error.encode(message.error, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Frame message from the specified reader or buffer.
             * @function decode
             * @memberof im.v1.Frame
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {im.v1.Frame & im.v1.Frame.$Shape} Frame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Frame.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.im.v1.Frame();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.im.v1.Heartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            message.body = "heartbeat";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.ack = $root.im.v1.Acknowledge.decode(reader, reader.size(), $undefined, _depth + 1, message.ack);
                            message.body = "ack";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.friendMessage = $root.im.v1.FriendMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.friendMessage);
                            message.body = "friendMessage";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.groupMessage = $root.im.v1.GroupMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.groupMessage);
                            message.body = "groupMessage";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.login = $root.im.v1.ClientLogin.decode(reader, reader.size(), $undefined, _depth + 1, message.login);
                            message.body = "login";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.loginAck = $root.im.v1.LoginAck.decode(reader, reader.size(), $undefined, _depth + 1, message.loginAck);
                            message.body = "loginAck";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.logout = $root.im.v1.ClientLogout.decode(reader, reader.size(), $undefined, _depth + 1, message.logout);
                            message.body = "logout";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message.status = $root.im.v1.ClientStatus.decode(reader, reader.size(), $undefined, _depth + 1, message.status);
                            message.body = "status";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message.read = $root.im.v1.ReadMessage.decode(reader, reader.size(), $undefined, _depth + 1, message.read);
                            message.body = "read";
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.inputting = $root.im.v1.Inputting.decode(reader, reader.size(), $undefined, _depth + 1, message.inputting);
                            message.body = "inputting";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.recall = $root.im.v1.Recall.decode(reader, reader.size(), $undefined, _depth + 1, message.recall);
                            message.body = "recall";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.event = $root.im.v1.Event.decode(reader, reader.size(), $undefined, _depth + 1, message.event);
                            message.body = "event";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.error = $root.im.v1.Error.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                            message.body = "error";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Verifies a Frame message.
             * @function verify
             * @memberof im.v1.Frame
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Frame.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat")) {
                    properties.body = 1;
                    {
                        let error = $root.im.v1.Heartbeat.verify(message.heartbeat, _depth + 1);
                        if (error)
                            return "heartbeat." + error;
                    }
                }
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.Acknowledge.verify(message.ack, _depth + 1);
                        if (error)
                            return "ack." + error;
                    }
                }
                if (message.friendMessage != null && $Object.hasOwnProperty.call(message, "friendMessage")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.FriendMessage.verify(message.friendMessage, _depth + 1);
                        if (error)
                            return "friendMessage." + error;
                    }
                }
                if (message.groupMessage != null && $Object.hasOwnProperty.call(message, "groupMessage")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.GroupMessage.verify(message.groupMessage, _depth + 1);
                        if (error)
                            return "groupMessage." + error;
                    }
                }
                if (message.login != null && $Object.hasOwnProperty.call(message, "login")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.ClientLogin.verify(message.login, _depth + 1);
                        if (error)
                            return "login." + error;
                    }
                }
                if (message.loginAck != null && $Object.hasOwnProperty.call(message, "loginAck")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.LoginAck.verify(message.loginAck, _depth + 1);
                        if (error)
                            return "loginAck." + error;
                    }
                }
                if (message.logout != null && $Object.hasOwnProperty.call(message, "logout")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.ClientLogout.verify(message.logout, _depth + 1);
                        if (error)
                            return "logout." + error;
                    }
                }
                if (message.status != null && $Object.hasOwnProperty.call(message, "status")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.ClientStatus.verify(message.status, _depth + 1);
                        if (error)
                            return "status." + error;
                    }
                }
                if (message.read != null && $Object.hasOwnProperty.call(message, "read")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.ReadMessage.verify(message.read, _depth + 1);
                        if (error)
                            return "read." + error;
                    }
                }
                if (message.inputting != null && $Object.hasOwnProperty.call(message, "inputting")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.Inputting.verify(message.inputting, _depth + 1);
                        if (error)
                            return "inputting." + error;
                    }
                }
                if (message.recall != null && $Object.hasOwnProperty.call(message, "recall")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.Recall.verify(message.recall, _depth + 1);
                        if (error)
                            return "recall." + error;
                    }
                }
                if (message.event != null && $Object.hasOwnProperty.call(message, "event")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.Event.verify(message.event, _depth + 1);
                        if (error)
                            return "event." + error;
                    }
                }
                if (message.error != null && $Object.hasOwnProperty.call(message, "error")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.im.v1.Error.verify(message.error, _depth + 1);
                        if (error)
                            return "error." + error;
                    }
                }
                return null;
            };

            /**
             * Creates a Frame message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof im.v1.Frame
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {im.v1.Frame} Frame
             */
            Frame.fromObject = function (object, _depth) {
                if (object instanceof $root.im.v1.Frame)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".im.v1.Frame: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.im.v1.Frame();
                if (object.heartbeat != null) {
                    if (!$util.isObject(object.heartbeat))
                        throw $TypeError(".im.v1.Frame.heartbeat: object expected");
                    message.heartbeat = $root.im.v1.Heartbeat.fromObject(object.heartbeat, _depth + 1);
                }
                if (object.ack != null) {
                    if (!$util.isObject(object.ack))
                        throw $TypeError(".im.v1.Frame.ack: object expected");
                    message.ack = $root.im.v1.Acknowledge.fromObject(object.ack, _depth + 1);
                }
                if (object.friendMessage != null) {
                    if (!$util.isObject(object.friendMessage))
                        throw $TypeError(".im.v1.Frame.friendMessage: object expected");
                    message.friendMessage = $root.im.v1.FriendMessage.fromObject(object.friendMessage, _depth + 1);
                }
                if (object.groupMessage != null) {
                    if (!$util.isObject(object.groupMessage))
                        throw $TypeError(".im.v1.Frame.groupMessage: object expected");
                    message.groupMessage = $root.im.v1.GroupMessage.fromObject(object.groupMessage, _depth + 1);
                }
                if (object.login != null) {
                    if (!$util.isObject(object.login))
                        throw $TypeError(".im.v1.Frame.login: object expected");
                    message.login = $root.im.v1.ClientLogin.fromObject(object.login, _depth + 1);
                }
                if (object.loginAck != null) {
                    if (!$util.isObject(object.loginAck))
                        throw $TypeError(".im.v1.Frame.loginAck: object expected");
                    message.loginAck = $root.im.v1.LoginAck.fromObject(object.loginAck, _depth + 1);
                }
                if (object.logout != null) {
                    if (!$util.isObject(object.logout))
                        throw $TypeError(".im.v1.Frame.logout: object expected");
                    message.logout = $root.im.v1.ClientLogout.fromObject(object.logout, _depth + 1);
                }
                if (object.status != null) {
                    if (!$util.isObject(object.status))
                        throw $TypeError(".im.v1.Frame.status: object expected");
                    message.status = $root.im.v1.ClientStatus.fromObject(object.status, _depth + 1);
                }
                if (object.read != null) {
                    if (!$util.isObject(object.read))
                        throw $TypeError(".im.v1.Frame.read: object expected");
                    message.read = $root.im.v1.ReadMessage.fromObject(object.read, _depth + 1);
                }
                if (object.inputting != null) {
                    if (!$util.isObject(object.inputting))
                        throw $TypeError(".im.v1.Frame.inputting: object expected");
                    message.inputting = $root.im.v1.Inputting.fromObject(object.inputting, _depth + 1);
                }
                if (object.recall != null) {
                    if (!$util.isObject(object.recall))
                        throw $TypeError(".im.v1.Frame.recall: object expected");
                    message.recall = $root.im.v1.Recall.fromObject(object.recall, _depth + 1);
                }
                if (object.event != null) {
                    if (!$util.isObject(object.event))
                        throw $TypeError(".im.v1.Frame.event: object expected");
                    message.event = $root.im.v1.Event.fromObject(object.event, _depth + 1);
                }
                if (object.error != null) {
                    if (!$util.isObject(object.error))
                        throw $TypeError(".im.v1.Frame.error: object expected");
                    message.error = $root.im.v1.Error.fromObject(object.error, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a Frame message. Also converts values to other types if specified.
             * @function toObject
             * @memberof im.v1.Frame
             * @static
             * @param {im.v1.Frame} message Frame
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Frame.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat")) {
                    object.heartbeat = $root.im.v1.Heartbeat.toObject(message.heartbeat, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "heartbeat";
                }
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack")) {
                    object.ack = $root.im.v1.Acknowledge.toObject(message.ack, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "ack";
                }
                if (message.friendMessage != null && $Object.hasOwnProperty.call(message, "friendMessage")) {
                    object.friendMessage = $root.im.v1.FriendMessage.toObject(message.friendMessage, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "friendMessage";
                }
                if (message.groupMessage != null && $Object.hasOwnProperty.call(message, "groupMessage")) {
                    object.groupMessage = $root.im.v1.GroupMessage.toObject(message.groupMessage, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "groupMessage";
                }
                if (message.login != null && $Object.hasOwnProperty.call(message, "login")) {
                    object.login = $root.im.v1.ClientLogin.toObject(message.login, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "login";
                }
                if (message.loginAck != null && $Object.hasOwnProperty.call(message, "loginAck")) {
                    object.loginAck = $root.im.v1.LoginAck.toObject(message.loginAck, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "loginAck";
                }
                if (message.logout != null && $Object.hasOwnProperty.call(message, "logout")) {
                    object.logout = $root.im.v1.ClientLogout.toObject(message.logout, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "logout";
                }
                if (message.status != null && $Object.hasOwnProperty.call(message, "status")) {
                    object.status = $root.im.v1.ClientStatus.toObject(message.status, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "status";
                }
                if (message.read != null && $Object.hasOwnProperty.call(message, "read")) {
                    object.read = $root.im.v1.ReadMessage.toObject(message.read, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "read";
                }
                if (message.inputting != null && $Object.hasOwnProperty.call(message, "inputting")) {
                    object.inputting = $root.im.v1.Inputting.toObject(message.inputting, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "inputting";
                }
                if (message.recall != null && $Object.hasOwnProperty.call(message, "recall")) {
                    object.recall = $root.im.v1.Recall.toObject(message.recall, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "recall";
                }
                if (message.event != null && $Object.hasOwnProperty.call(message, "event")) {
                    object.event = $root.im.v1.Event.toObject(message.event, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "event";
                }
                if (message.error != null && $Object.hasOwnProperty.call(message, "error")) {
                    object.error = $root.im.v1.Error.toObject(message.error, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "error";
                }
                return object;
            };

            /**
             * Converts this Frame to JSON.
             * @function toJSON
             * @memberof im.v1.Frame
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Frame.prototype.toJSON = function() {
                return Frame.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Frame;
        })();

        return v1;
    })();

    return im;
})();

export {
  $root as default
};
